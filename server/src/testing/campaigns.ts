import { Appointment } from '../modules/appointments/appointment.entity.js';
import { CampaignRun } from '../modules/campaigns/campaign-run.entity.js';
import { CampaignsService } from '../modules/campaigns/index.js';
import { Notifications } from '../modules/messaging/index.js';
import { dataSourceOf, inTransaction, type TestServer } from './server.js';

export type CampaignRunRow = Readonly<CampaignRun>;

/** A campaign's runs (once, cron occurrences, trigger days), oldest first. */
export function campaignRuns(server: TestServer, campaignId: string): Promise<CampaignRunRow[]> {
  return dataSourceOf(server)
    .getRepository(CampaignRun)
    .find({ where: { campaignId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/** One campaigns tick by the server's clock, as the minutely job runs it (its materialise jobs are queued, not run). */
export function tickCampaigns(server: TestServer): Promise<void> {
  return server.app.get(CampaignsService).tick();
}

/**
 * Materialises a run in this process with `batchSize` recipients a batch. `failAfterBatches: n` makes the outbound
 * path throw on batch n + 1 (a worker that dies part way): that batch's transaction rolls back, the earlier ones stay.
 */
export async function materialiseCampaignRun(server: TestServer, runId: string, options: { batchSize: number; failAfterBatches?: number }): Promise<void> {
  const notifications = server.app.get(Notifications);
  const original = notifications.notify;
  const own = Object.hasOwn(notifications, 'notify');
  let batches = 0;
  if (options.failAfterBatches !== undefined) {
    const failAfter = options.failAfterBatches;
    notifications.notify = (async (...args: Parameters<Notifications['notify']>) => {
      if (++batches > failAfter) throw new Error(`materialiseCampaignRun: the worker died on batch ${batches}`);
      return original.apply(notifications, args);
    }) as Notifications['notify'];
  }
  try {
    await server.app.get(CampaignsService).materialise(runId, undefined, { batchSize: options.batchSize });
  } finally {
    if (own) notifications.notify = original;
    else delete (notifications as Partial<Notifications>).notify;
  }
}

/** Puts a run back to materialising after `afterPatientId` (null: the start), as if its progress had been lost. */
export function rewindCampaignRun(server: TestServer, runId: string, afterPatientId: string | null): Promise<void> {
  return inTransaction(server, async (m) => {
    await m.update(CampaignRun, { id: runId }, { status: 'materialising', afterPatientId, materialisedAt: null });
  });
}

/** Moves when an appointment was booked (the database stamps createdAt by its own clock, not the server's). */
export function setBookedAt(server: TestServer, appointmentId: string, at: Date): Promise<void> {
  return inTransaction(server, async (m) => {
    await m.createQueryBuilder().update(Appointment).set({ createdAt: at }).where('id = :id', { id: appointmentId }).execute();
  });
}
