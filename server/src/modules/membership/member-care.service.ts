import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { HealthButlerView, ReferralView } from '@yiban/shared';
import { randomInt } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import type { AccountPrincipal, ActingProfile } from '../../common/auth/principal.js';
import { insertIgnoreMany } from '../../common/database/bulk-insert.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../integrations/clock.js';
import { VisitsReader, type Visit } from '../appointments/index.js';
import { PatientsReader } from '../patients/index.js';
import { StaffDirectory } from '../staff/index.js';
import { HealthButler, Referral, ReferralCode } from './care.entities.js';
import { MembershipService } from './membership.service.js';

/** Points the inviter earns when the patient they invited comes for their first visit (× the inviter's tier). */
export const REFERRAL_POINTS = 200;
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * The one-to-one side of membership:
 * - the health butler: a platinum member gets a case manager of their own (the one with the fewest members) the
 *   moment they reach platinum, shown on their card; it ends with the tier. While assigned it is a care relationship,
 *   so the butler may open the member's record like their care team (and every read is audited as any staff read).
 * - referrals: each patient has an invitation code; a new patient may enter one before their first visit (not their
 *   own family's); the inviter earns REFERRAL_POINTS at that first visit, once.
 */
@Injectable()
export class MemberCare implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(VisitsReader) private readonly visits: VisitsReader,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
  ) {}

  onModuleInit(): void {
    this.membership.onTierChanged((m, changes) => this.tiersChanged(m, changes));
    this.visits.onRecorded((m, visit) => this.rewardReferral(m, visit));
    this.access.addCareSource('health_butler', (staff, patientId) =>
      this.dataSource.getRepository(HealthButler).existsBy({ patientId, staffId: staff.staffId }),
    );
  }

  // ---------------------------------------------------------------- the health butler

  /** Platinum gains a butler; leaving platinum ends it. In the tier change's transaction. */
  private async tiersChanged(m: EntityManager, changes: readonly { patientId: string; to: string }[]): Promise<void> {
    const gone = changes.filter((c) => c.to !== 'platinum').map((c) => c.patientId);
    if (gone.length) await m.delete(HealthButler, { patientId: In(gone) });
    const joined = changes.filter((c) => c.to === 'platinum').map((c) => c.patientId);
    if (!joined.length) return;
    const managers = await this.staff.withRole('case_manager', m);
    if (!managers.length) return; // no case manager yet: the card shows no butler until one is assigned
    const loads = new Map(managers.map((s) => [s.id, 0]));
    const counted = await m
      .getRepository(HealthButler)
      .createQueryBuilder('b')
      .select('b.staffId', 'staffId')
      .addSelect('COUNT(*)', 'n')
      .where('b.staffId IN (:...ids)', { ids: [...loads.keys()] })
      .groupBy('b.staffId')
      .getRawMany<{ staffId: string; n: unknown }>();
    for (const row of counted) loads.set(row.staffId, Number(row.n));
    const rows = joined.map((patientId) => {
      // The least loaded case manager (ties by id, so two instances choose alike).
      const [staffId] = [...loads.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]!;
      loads.set(staffId, loads.get(staffId)! + 1);
      return m.getRepository(HealthButler).create({ patientId, staffId });
    });
    await insertIgnoreMany(m, HealthButler, rows);
  }

  /** The acting profile's butler, if they have one. */
  async butlerOf(patientId: string): Promise<HealthButlerView | null> {
    const row = await this.dataSource.getRepository(HealthButler).findOneBy({ patientId });
    if (!row) return null;
    const member = await this.staff.byId(row.staffId);
    if (!member?.active) return null;
    return { staffId: member.id, name: member.displayName, since: row.assignedAt.toISOString() };
  }

  // ---------------------------------------------------------------- referrals

  async referral(patient: ActingProfile): Promise<ReferralView> {
    const code = await this.codeOf(patient.id);
    const [invited, rewarded, mine] = await Promise.all([
      this.dataSource.getRepository(Referral).countBy({ referrerPatientId: patient.id }),
      this.dataSource
        .getRepository(Referral)
        .createQueryBuilder('r')
        .where('r.referrerPatientId = :id AND r.rewardedAt IS NOT NULL', { id: patient.id })
        .getCount(),
      this.dataSource.getRepository(Referral).findOneBy({ referredPatientId: patient.id }),
    ]);
    const facts = (await this.visits.valueFacts([patient.id])).get(patient.id);
    return { code, invited, rewarded, pointsPerReferral: REFERRAL_POINTS, invitedBy: !!mine, mayEnterCode: !mine && !(facts?.visits ?? 0) };
  }

  /** The profile was invited by the holder of `code`: before their first visit, never by their own family, once. */
  async useCode(account: AccountPrincipal, patient: ActingProfile, rawCode: string): Promise<ReferralView> {
    const code = rawCode.replace(/[\s-]/g, '').toUpperCase();
    const owner = await this.dataSource.getRepository(ReferralCode).findOneBy({ code });
    if (!owner) throw new DomainError('REFERRAL_CODE_UNKNOWN');
    const inviter = await this.patients.byId(owner.patientId);
    if (!inviter || owner.patientId === patient.id || (inviter.accountId && inviter.accountId === account.accountId))
      throw new DomainError('REFERRAL_OWN_FAMILY');
    const facts = (await this.visits.valueFacts([patient.id])).get(patient.id);
    if (facts?.visits) throw new DomainError('REFERRAL_TOO_LATE');
    await this.tx.run(async (m) => {
      if (await m.getRepository(Referral).existsBy({ referredPatientId: patient.id })) throw new DomainError('REFERRAL_ALREADY_SET');
      await insertIgnoreMany(m, Referral, [m.getRepository(Referral).create({ referredPatientId: patient.id, referrerPatientId: owner.patientId })]);
    });
    return this.referral(patient);
  }

  /** A visit recorded: an invited patient's first one earns their inviter the points (once; the source key holds it). */
  private async rewardReferral(m: EntityManager, visit: Visit): Promise<void> {
    const referral = await m.getRepository(Referral).findOneBy({ referredPatientId: visit.patientId });
    if (!referral || referral.rewardedAt) return;
    await this.membership.earn(m, {
      patientId: referral.referrerPatientId,
      reason: 'referral',
      sourceKey: `referral:${visit.patientId}`,
      points: REFERRAL_POINTS,
    });
    await m.update(Referral, { referredPatientId: visit.patientId }, { rewardedAt: this.clock.now() });
  }

  /** A patient's code, made the first time (random, unique; a clash draws again). */
  private async codeOf(patientId: string): Promise<string> {
    const repo = this.dataSource.getRepository(ReferralCode);
    for (let attempt = 0; ; attempt++) {
      const found = await repo.findOneBy({ patientId });
      if (found) return found.code;
      const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      await this.tx.run((m) => insertIgnoreMany(m, ReferralCode, [m.getRepository(ReferralCode).create({ patientId, code })]));
      if (attempt > 5) throw new Error('could not draw a free referral code');
    }
  }
}
