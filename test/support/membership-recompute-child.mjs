// A recompute in its own process, for the kill test: the built server as an application context (ROLE=api, no job
// worker) running a full recompute's batches through `MembershipService.recomputeBatch`, as the job does, for RUN_ID.
// BATCH_DELAY_MS holds each transaction open that long before it commits, and tells the parent (`{ holding: n }`, the
// n-th transaction: one per batch), so the parent's SIGKILL can land
// while a batch's rows are locked and written but not committed.
import { setTimeout as sleep } from 'node:timers/promises';
import { Transactions, createApp, loadConfig } from '@yiban/server';
import { recomputeBatches } from '@yiban/server/testing';

const delay = Number(process.env.BATCH_DELAY_MS ?? 0);
let recomputing = false;
if (delay > 0) {
  const run = Transactions.prototype.run;
  let n = 0;
  Transactions.prototype.run = function slowed(work) {
    return run.call(this, async (m) => {
      const result = await work(m);
      if (!recomputing) return result;
      process.send?.({ holding: ++n });
      await sleep(delay);
      return result;
    });
  };
}
const app = await createApp(loadConfig(process.env));
recomputing = true;
await recomputeBatches({ app }, process.env.RUN_ID);
await app.close();
