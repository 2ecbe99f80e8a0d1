#!/usr/bin/env node
// N API processes sharing one port (node:cluster): forked by a benchmark with the server's config in
// BENCH_CLUSTER_ENV (JSON) and N in BENCH_CLUSTER_PROCESSES; tells its parent `{ url }` over IPC once every process
// listens, and stops them all when the parent goes.
import cluster from 'node:cluster';
import net from 'node:net';
import { NODE_FLAGS } from './processes.mjs';

const env = JSON.parse(process.env.BENCH_CLUSTER_ENV);
if (cluster.isPrimary) {
  const n = Number(process.env.BENCH_CLUSTER_PROCESSES ?? 2);
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  cluster.setupPrimary({ execArgv: NODE_FLAGS.api });
  let ready = 0;
  for (let i = 0; i < n; i++) {
    const worker = cluster.fork({ BENCH_CLUSTER_PORT: String(port) });
    worker.on('message', (m) => {
      if (m === 'listening' && ++ready === n) process.send({ url: `http://127.0.0.1:${port}` });
    });
  }
  // A process that dies before the run ends fails it: the benchmark sees this one exit.
  cluster.on('exit', (worker, code, signal) => {
    console.error(`API process ${worker.process.pid} exited (${signal ?? code})`);
    process.exit(1);
  });
  const stop = () => {
    for (const w of Object.values(cluster.workers)) w.process.kill('SIGKILL');
    process.exit(0);
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
} else {
  const { createApp, loadConfig } = await import('@yiban/server');
  const app = await createApp(loadConfig(env));
  await app.listen(Number(process.env.BENCH_CLUSTER_PORT), '127.0.0.1');
  process.send('listening');
}
