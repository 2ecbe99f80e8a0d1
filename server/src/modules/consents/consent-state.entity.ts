import type { EntityManager } from 'typeorm';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn, RefColumn } from '../../common/database/columns.js';
import { syncConsentSegmentProfiles } from './consent-segment-profile.js';
import type { Consent } from './consent.entity.js';

/**
 * A patient's current state of one consent: their latest decision of that kind (by time, then id — as
 * `ConsentsService` reads the history). Kept in the same transaction as each decision, so segment queries answer
 * "granted at the version in force" with one primary-key lookup instead of a latest-per-group over the history.
 */
@Entity('patient_consent_states')
export class ConsentState {
  @PrimaryColumn({ type: 'varchar', length: 26 }) patientId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 }) kind: string;

  @Column({ type: 'varchar', length: 32 }) version: string;

  @Column({ type: 'boolean' }) granted: boolean;

  @InstantColumn() decidedAt: Date;

  /** The decision this state comes from (breaks ties between decisions at the same instant). */
  @RefColumn() consentId: string;
}

/** Decisions per multi-row upsert. */
const FOLD_CHUNK = 500;

/**
 * Folds decisions into the current state, in the caller's transaction: a decision replaces the state only when it is
 * later (time, then id) than the one the state holds, so the order decisions are written in does not matter. The
 * patients' segment profiles follow (their consent columns).
 */
export async function foldConsentStates(
  m: EntityManager,
  decisions: readonly Pick<Consent, 'id' | 'patientId' | 'kind' | 'version' | 'granted' | 'decidedAt'>[],
): Promise<void> {
  const sqlite = m.connection.options.type === 'better-sqlite3';
  // Many decisions (a batch of patients) fold in a few multi-row statements; rows of one statement apply in order.
  for (let i = 0; i < decisions.length; i += FOLD_CHUNK) {
    const chunk = decisions.slice(i, i + FOLD_CHUNK);
    const rows = chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
    const values = chunk.flatMap((d) => [d.patientId, d.kind, d.version, d.granted ? 1 : 0, d.decidedAt, d.id]);
    if (sqlite) {
      await m.query(
        `INSERT INTO "patient_consent_states" ("patientId", "kind", "version", "granted", "decidedAt", "consentId") VALUES ${rows}` +
          ' ON CONFLICT ("patientId", "kind") DO UPDATE SET "version" = excluded."version", "granted" = excluded."granted",' +
          ' "decidedAt" = excluded."decidedAt", "consentId" = excluded."consentId"' +
          ' WHERE excluded."decidedAt" > "patient_consent_states"."decidedAt"' +
          ' OR (excluded."decidedAt" = "patient_consent_states"."decidedAt" AND excluded."consentId" > "patient_consent_states"."consentId")',
        values.map((v) => (v instanceof Date ? sqliteInstant(v) : v)),
      );
    } else {
      // Columns are assigned left to right: the condition reads decidedAt before it changes, consentId only on ties.
      const later = '(VALUES(`decidedAt`) > `decidedAt` OR (VALUES(`decidedAt`) = `decidedAt` AND VALUES(`consentId`) > `consentId`))';
      await m.query(
        `INSERT INTO \`patient_consent_states\` (\`patientId\`, \`kind\`, \`version\`, \`granted\`, \`decidedAt\`, \`consentId\`) VALUES ${rows}` +
          ` ON DUPLICATE KEY UPDATE \`version\` = IF(${later}, VALUES(\`version\`), \`version\`),` +
          ` \`granted\` = IF(${later}, VALUES(\`granted\`), \`granted\`),` +
          ` \`consentId\` = IF(${later}, VALUES(\`consentId\`), \`consentId\`),` +
          ` \`decidedAt\` = IF(${later}, VALUES(\`decidedAt\`), \`decidedAt\`)`,
        values,
      );
    }
  }
  await syncConsentSegmentProfiles(
    m,
    decisions.map((d) => d.patientId),
  );
}

/** How TypeORM stores a datetime(3) on SQLite (text that sorts as time). */
function sqliteInstant(d: Date): string {
  return d.toISOString().slice(0, 23).replace('T', ' ');
}
