// Preloaded into a server process by a benchmark (`node --import`): counts the statements and the commits its mysql2
// connections send (TypeORM's mysql driver goes through these two methods), so other sessions on a shared database
// server do not count. On SIGWINCH (a signal the server does not take as one to shut down, as it does SIGUSR2) it
// writes them to $BENCH_STATEMENTS_DIR/<pid>.json.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const mysql2 = createRequire(import.meta.resolve('@yiban/server'))('mysql2');
const counts = { statements: 0, commits: 0, kinds: {} };
for (const method of ['query', 'execute']) {
  const original = mysql2.Connection.prototype[method];
  mysql2.Connection.prototype[method] = function counted(...args) {
    counts.statements++;
    const sql = typeof args[0] === 'string' ? args[0] : (args[0]?.sql ?? '');
    if (/^\s*COMMIT\b/i.test(sql)) counts.commits++;
    if (process.env.BENCH_STATEMENT_KINDS) {
      const kind = sql.replace(/\s+/g, ' ').slice(0, 60);
      counts.kinds[kind] = (counts.kinds[kind] ?? 0) + 1;
    }
    return original.apply(this, args);
  };
}
process.on('SIGWINCH', () => writeFileSync(path.join(process.env.BENCH_STATEMENTS_DIR, `${process.pid}.json`), JSON.stringify(counts)));
