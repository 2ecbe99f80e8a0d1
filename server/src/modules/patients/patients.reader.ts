import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AccessDirectory } from '../../common/auth/access-directory.js';
import { selectFirst } from '../../common/database/lean.js';
import type { RealNamePart } from '@yiban/shared';
import { realNameMissing } from './identity-rules.js';
import { Patient } from './patient.entity.js';
import { WechatAccount } from './wechat-account.entity.js';

/**
 * Patient profiles and WeChat accounts for the other modules (names, languages, time zones, the openid a payment
 * or a message goes to), and for the access policy, which resolves the profile a patient route acts for.
 */
@Injectable()
export class PatientsReader implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
  ) {}

  onModuleInit(): void {
    this.access.provideRealName((patientId, profile) => this.realName(patientId, profile));
    this.access.provideProfiles(
      // Every patient route resolves its profile: read lean (the query builder cost more CPU than MariaDB's answer).
      async (accountId, patientId) => {
        const m = this.dataSource.manager;
        if (!patientId) return selectFirst(m, Patient, { accountId, relationship: 'self' });
        const patient = await selectFirst(m, Patient, { id: patientId });
        return patient && patient.accountId === accountId ? patient : null;
      },
      (patientId) => this.dataSource.getRepository(Patient).existsBy({ id: patientId }),
    );
  }

  /**
   * What a profile lacks before it can book or consult (实名), its account holder's phone counting as its own. `known`:
   * the profile as the access policy resolved it for this request (a profile row read just now is not read again).
   */
  async realName(patientId: string, known?: unknown): Promise<RealNamePart[]> {
    const repo = this.dataSource.getRepository(Patient);
    const patient = known instanceof Patient && known.id === patientId ? known : await repo.findOneBy({ id: patientId });
    if (!patient) return ['name', 'idDocument', 'phone'];
    const holderPhone =
      !patient.phoneEnc &&
      !!patient.accountId &&
      !!(await repo.findOne({ select: { id: true, phoneEnc: true }, where: { accountId: patient.accountId, relationship: 'self' } }))?.phoneEnc;
    return realNameMissing(patient, holderPhone);
  }

  private db(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** A profile, also one removed from its account (its history still shows its name). */
  byId(id: string, m?: EntityManager): Promise<Patient | null> {
    return this.db(m).getRepository(Patient).findOne({ where: { id }, withDeleted: true });
  }

  async byIds(ids: Iterable<string>, m?: EntityManager): Promise<Map<string, Patient>> {
    const unique = [...new Set(ids)].filter(Boolean);
    if (!unique.length) return new Map();
    return new Map(
      (
        await this.db(m)
          .getRepository(Patient)
          .find({ where: { id: In(unique) }, withDeleted: true })
      ).map((p) => [p.id, p]),
    );
  }

  /** Profiles' ids in id order after `cursor` (removed ones too), for jobs that walk every patient in resumable batches. */
  async idsAfter(cursor: string | null, limit: number, m?: EntityManager): Promise<string[]> {
    const qb = this.db(m).getRepository(Patient).createQueryBuilder('p').withDeleted().select('p.id', 'id').orderBy('p.id', 'ASC').limit(limit);
    if (cursor) qb.where('p.id > :cursor', { cursor });
    return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
  }

  /** How many profiles there are (removed ones too): what `idsAfter` walks in all. */
  countAll(m?: EntityManager): Promise<number> {
    return this.db(m).getRepository(Patient).count({ withDeleted: true });
  }

  /**
   * The phone to call each profile on, still encrypted (the caller decrypts what it may show): its own, else its
   * account holder's (a parent's profile for a child).
   */
  async contactPhonesEnc(ids: Iterable<string>, m?: EntityManager): Promise<Map<string, string | null>> {
    const profiles = await this.byIds(ids, m);
    const accounts = [...new Set([...profiles.values()].filter((p) => !p.phoneEnc && p.accountId).map((p) => p.accountId!))];
    const holders = accounts.length
      ? await this.db(m)
          .getRepository(Patient)
          .find({ select: { id: true, accountId: true, phoneEnc: true }, where: { accountId: In(accounts), relationship: 'self' } })
      : [];
    const holderPhone = new Map(holders.map((h) => [h.accountId!, h.phoneEnc]));
    return new Map([...profiles.values()].map((p) => [p.id, p.phoneEnc ?? (p.accountId ? (holderPhone.get(p.accountId) ?? null) : null)]));
  }

  /**
   * What deciding a delivery needs of each profile — removed or not, its own time zone — read as two columns for a
   * whole batch (a campaign's drain reads thousands a second; whole profiles were hydrated for these two fields).
   */
  async deliveryFacts(ids: Iterable<string>, m?: EntityManager): Promise<Map<string, { deletedAt: Date | null; timeZone: string | null }>> {
    const unique = [...new Set(ids)].filter(Boolean);
    if (!unique.length) return new Map();
    const rows = await this.db(m)
      .getRepository(Patient)
      .createQueryBuilder('p')
      .withDeleted()
      .select(['p.id', 'p.deletedAt', 'p.timeZone'])
      .where('p.id IN (:...ids)', { ids: unique })
      .getMany();
    return new Map(rows.map((p) => [p.id, { deletedAt: p.deletedAt ?? null, timeZone: p.timeZone ?? null }]));
  }

  /** The WeChat openid of an account (payments and messages go to it). */
  async openid(accountId: string, m?: EntityManager): Promise<string | null> {
    return (await this.db(m).getRepository(WechatAccount).findOneBy({ id: accountId }))?.openid ?? null;
  }

  async openids(accountIds: Iterable<string>, m?: EntityManager): Promise<Map<string, string>> {
    const unique = [...new Set(accountIds)].filter(Boolean);
    if (!unique.length) return new Map();
    return new Map(
      (
        await this.db(m)
          .getRepository(WechatAccount)
          .findBy({ id: In(unique) })
      ).map((a) => [a.id, a.openid]),
    );
  }

  /** The other profiles the same account manages. */
  async siblingIds(patient: { id: string; accountId: string | null }): Promise<string[]> {
    if (!patient.accountId) return [];
    const rows = await this.dataSource.getRepository(Patient).find({ select: { id: true }, where: { accountId: patient.accountId } });
    return rows.map((p) => p.id).filter((id) => id !== patient.id);
  }
}
