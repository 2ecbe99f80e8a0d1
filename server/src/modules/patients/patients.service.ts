import { Inject, Injectable } from '@nestjs/common';
import { isValidPhone, maskIdNumber, maskPhone, type Locale, type PatientView, type RecordAccess } from '@yiban/shared';
import { identityChange, realNameMissing, type IdentityChange } from './identity-rules.js';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import type { AccountPrincipal, StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { FieldCipher } from '../../integrations/crypto/field-cipher.js';
import { WechatClient, WechatApiError } from '../../integrations/wechat/wechat.client.js';
import { syncPatientSegmentProfiles } from './patient-segment-profile.js';
import { Patient } from './patient.entity.js';
import type { CreatePatientDto, UpdatePatientDto } from './patients.dto.js';
import { WechatAccount } from './wechat-account.entity.js';

/** The profiles a WeChat account manages: the holder's own and their family members'. */
@Injectable()
export class PatientsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A profile as its account (or staff) sees it; `accountHasPhone`: its account holder's phone is bound (family members are reached through it). */
  toView(patient: Patient, accountHasPhone = false): PatientView {
    return {
      id: patient.id,
      name: patient.name,
      gender: patient.gender,
      birthDate: patient.birthDate,
      relationship: patient.relationship,
      isSelf: patient.relationship === 'self',
      phoneMasked: patient.phoneEnc ? maskPhone(this.cipher.decrypt(patient.phoneEnc)) : null,
      idType: patient.idType,
      idNumberMasked: patient.idNumberEnc ? maskIdNumber(this.cipher.decrypt(patient.idNumberEnc)) : null,
      nationality: patient.nationality,
      realNameMissing: realNameMissing(patient, accountHasPhone),
      language: patient.language,
      paymentPreference: patient.paymentPreference,
      timeZone: patient.timeZone,
      createdAt: patient.createdAt.toISOString(),
    };
  }

  /** Views of an account's profiles (they share the holder's phone). */
  views(profiles: Patient[]): PatientView[] {
    const holderPhone = profiles.some((p) => p.relationship === 'self' && !!p.phoneEnc);
    return profiles.map((p) => this.toView(p, holderPhone));
  }

  /** One profile's view, with its account holder's phone looked up when it has none of its own. */
  async view(patient: Patient): Promise<PatientView> {
    return this.toView(patient, !patient.phoneEnc && !!patient.accountId && (await this.accountHasPhone(patient.accountId)));
  }

  private async accountHasPhone(accountId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const self = await manager.getRepository(Patient).findOne({ select: { id: true, phoneEnc: true }, where: { accountId, relationship: 'self' } });
    return !!self?.phoneEnc;
  }

  /** Self first, then family members in the order they were added. */
  async listForAccount(accountId: string, manager: EntityManager = this.dataSource.manager): Promise<Patient[]> {
    const rows = await manager.getRepository(Patient).find({ where: { accountId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.sort((a, b) => Number(b.relationship === 'self') - Number(a.relationship === 'self'));
  }

  /** A profile of this account, or FORBIDDEN_OWNERSHIP (also for ids that do not exist, so ids cannot be probed). */
  async ownedBy(principal: AccountPrincipal, patientId: string, manager: EntityManager = this.dataSource.manager): Promise<Patient> {
    const patient = await manager.getRepository(Patient).findOneBy({ id: patientId });
    if (!patient || patient.accountId !== principal.accountId) throw new DomainError('FORBIDDEN_OWNERSHIP');
    return patient;
  }

  private async self(accountId: string, manager: EntityManager): Promise<Patient> {
    const self = await manager.getRepository(Patient).findOneBy({ accountId, relationship: 'self' });
    if (!self) throw new DomainError('PATIENT_NOT_FOUND');
    return self;
  }

  /** A patient's profile for staff: through the access policy (care relationship or break the glass; audited). */
  async forStaff(staff: StaffPrincipal, patientId: string, why: { resource: string; purpose: string }): Promise<Patient & { access: RecordAccess }> {
    const granted = await this.access.readPatientRecord(staff, patientId, why);
    const patient = await this.dataSource.getRepository(Patient).findOne({ where: { id: patientId }, withDeleted: true });
    if (!patient) throw new DomainError('PATIENT_NOT_FOUND');
    const access: RecordAccess = granted.via === 'care' ? { via: 'care', until: null } : { via: 'break_glass', until: granted.until.toISOString() };
    return Object.assign(patient, { access });
  }

  /**
   * The WeChat account behind an openid, created with its own profile on first sign-in (inside the caller's
   * transaction). Answers the account id and whether it is new.
   */
  async signIn(
    m: EntityManager,
    input: { appid: string; openid: string; unionid: string | null; language: Locale; now: Date },
  ): Promise<{ accountId: string; isNew: boolean }> {
    const accounts = m.getRepository(WechatAccount);
    const account = await accounts.findOneBy({ appid: input.appid, openid: input.openid });
    if (account) {
      await accounts.update({ id: account.id }, { lastLoginAt: input.now, ...(input.unionid && !account.unionid && { unionid: input.unionid }) });
      return { accountId: account.id, isNew: false };
    }
    const created = accounts.create({ appid: input.appid, openid: input.openid, unionid: input.unionid, lastLoginAt: input.now });
    await m.insert(WechatAccount, created);
    const self = m.getRepository(Patient).create({ accountId: created.id, relationship: 'self', language: input.language });
    await m.insert(Patient, self);
    await syncPatientSegmentProfiles(m, [self.id]);
    return { accountId: created.id, isNew: true };
  }

  async create(principal: AccountPrincipal, input: CreatePatientDto): Promise<Patient> {
    const identity = identityChange(input, { idType: null, idNumber: null, nationality: null });
    const identifiers = this.identifiers(input.phone, identity);
    return this.tx.run(async (m) => {
      await lockRow(m, WechatAccount, principal.accountId);
      const existing = await this.listForAccount(principal.accountId, m);
      if (existing.length >= this.config.maxProfilesPerAccount) throw new DomainError('PATIENT_LIMIT_REACHED', { max: this.config.maxProfilesPerAccount });
      if (identifiers.idNumberHash && existing.some((p) => p.idNumberHash === identifiers.idNumberHash)) throw new DomainError('PATIENT_DUPLICATE_ID_NUMBER');
      const patient = m.getRepository(Patient).create({
        accountId: principal.accountId,
        relationship: input.relationship,
        name: input.name.trim(),
        gender: identity.gender ?? input.gender,
        birthDate: identity.birthDate ?? input.birthDate,
        language: input.language ?? 'zh-CN',
        paymentPreference: input.paymentPreference ?? 'self_pay',
        ...identifiers,
      });
      const saved = await m.save(patient);
      await syncPatientSegmentProfiles(m, [saved.id]);
      return saved;
    });
  }

  async update(principal: AccountPrincipal, patientId: string, input: UpdatePatientDto): Promise<Patient> {
    return this.tx.run(async (m) => {
      await lockRow(m, WechatAccount, principal.accountId);
      const patient = await this.ownedBy(principal, patientId, m);
      const identity = identityChange(input, {
        idType: patient.idType,
        idNumber: patient.idNumberEnc ? this.cipher.decrypt(patient.idNumberEnc) : null,
        nationality: patient.nationality,
      });
      const identifiers = this.identifiers(input.phone, identity);
      if (input.relationship && patient.relationship === 'self' && input.relationship !== 'self')
        throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'relationship', problems: ['selfProfile'] }] });
      if (identifiers.idNumberHash) {
        const others = await this.listForAccount(principal.accountId, m);
        if (others.some((p) => p.id !== patient.id && p.idNumberHash === identifiers.idNumberHash)) throw new DomainError('PATIENT_DUPLICATE_ID_NUMBER');
      }
      Object.assign(patient, {
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(identity.gender !== undefined && { gender: identity.gender }),
        ...(identity.birthDate !== undefined && { birthDate: identity.birthDate }),
        ...(input.relationship !== undefined && patient.relationship !== 'self' && { relationship: input.relationship }),
        ...(input.language !== undefined && { language: input.language }),
        ...(input.paymentPreference !== undefined && { paymentPreference: input.paymentPreference }),
        ...(input.timeZone !== undefined && { timeZone: input.timeZone }),
        ...identifiers,
      });
      const saved = await m.save(patient);
      await syncPatientSegmentProfiles(m, [saved.id]);
      return saved;
    });
  }

  async remove(principal: AccountPrincipal, patientId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const patient = await this.ownedBy(principal, patientId, m);
      if (patient.relationship === 'self') throw new DomainError('PATIENT_SELF_NOT_REMOVABLE');
      await m.getRepository(Patient).softDelete({ id: patient.id });
      await syncPatientSegmentProfiles(m, [patient.id]);
    });
  }

  /** Binds the number behind a phone-number button code to the account holder's own profile. */
  async bindPhone(principal: AccountPrincipal, code: string): Promise<Patient> {
    let phone: string;
    try {
      phone = (await this.wechat.getPhoneNumber(code)).purePhoneNumber;
    } catch (error) {
      if (error instanceof WechatApiError && (error.errcode === 40029 || error.errcode === 40163))
        throw new DomainError('WECHAT_PHONE_CODE_INVALID', undefined, { cause: error });
      throw new DomainError('WECHAT_UNAVAILABLE', undefined, { cause: error });
    }
    return this.tx.run(async (m) => {
      const self = await this.self(principal.accountId, m);
      self.phoneEnc = this.cipher.encrypt(phone);
      self.phoneHash = this.cipher.blindIndex(phone);
      return m.save(self);
    });
  }

  /** Validates the phone and encrypts it and the identity document's number, with their blind indexes for lookups. */
  private identifiers(phoneInput: string | undefined, identity: IdentityChange): Partial<Patient> {
    const out: Partial<Patient> = {};
    if (phoneInput !== undefined) {
      const phone = phoneInput.replace(/[\s-]/g, '');
      if (!isValidPhone(phone)) throw new DomainError('PATIENT_PHONE_INVALID');
      out.phoneEnc = this.cipher.encrypt(phone);
      out.phoneHash = this.cipher.blindIndex(phone);
    }
    if (identity.idNumber !== undefined) {
      out.idType = identity.idType ?? 'resident_id';
      out.idNumberEnc = this.cipher.encrypt(identity.idNumber);
      out.idNumberHash = this.cipher.blindIndex(identity.idNumber);
    }
    if (identity.nationality !== undefined) out.nationality = identity.nationality;
    return out;
  }
}
