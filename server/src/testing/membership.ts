import { VisitsReader } from '../modules/appointments/visits.reader.js';
import { Department } from '../modules/catalog/department.entity.js';
import { MembershipService } from '../modules/membership/membership.service.js';
import { Clock } from '../integrations/clock.js';
import { dataSourceOf, inTransaction, type TestServer } from './server.js';

/**
 * A visit recorded as the HIS would send it (spend included), through the real `VisitsReader.record`: its listeners
 * run — membership re-values the patient and earns the visit's points, surveys and follow-ups react.
 */
export async function recordHisVisit(
  server: TestServer,
  visit: { patientId: string; departmentCode: string; daysAgo: number; amountSpent: number },
): Promise<void> {
  const department = await dataSourceOf(server).getRepository(Department).findOneByOrFail({ code: visit.departmentCode });
  const date = new Date(server.app.get(Clock).now().getTime() + 8 * 3_600_000 - visit.daysAgo * 86_400_000).toISOString().slice(0, 10);
  await inTransaction(server, (m) =>
    server.app.get(VisitsReader).record(m, {
      patientId: visit.patientId,
      appointmentId: null,
      departmentId: department.id,
      doctorId: null,
      date,
      amountSpent: visit.amountSpent,
      source: 'his',
    }),
  );
}

/** Points earned or spent directly through the ledger (as an event module will), in a transaction of its own. */
export async function ledger(server: TestServer, op: { kind: 'earn' | 'spend'; patientId: string; points: number; sourceKey: string }): Promise<void> {
  const membership = server.app.get(MembershipService);
  await inTransaction(server, (m) =>
    op.kind === 'earn'
      ? membership.earn(m, { patientId: op.patientId, reason: 'adjustment', sourceKey: op.sourceKey, points: op.points })
      : membership.spend(m, { patientId: op.patientId, points: op.points, reason: 'benefit', sourceKey: op.sourceKey }),
  );
}

/** Runs a full recompute's batches in this process (as the job would), optionally stopping after `batches`. */
export async function recomputeBatches(server: TestServer, runId: string, batches?: number): Promise<void> {
  const membership = server.app.get(MembershipService);
  if (batches === undefined) return membership.recomputeBatch(runId);
  const controller = new AbortController();
  let done = 0;
  // Abort after the given number of batches: the signal is read before each batch.
  const signal = new Proxy(controller.signal, {
    get(target, prop) {
      if (prop === 'aborted') return done++ >= batches;
      return Reflect.get(target, prop) as unknown;
    },
  });
  await membership.recomputeBatch(runId, signal);
}
