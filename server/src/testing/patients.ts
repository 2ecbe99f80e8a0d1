import { createHash, randomBytes } from 'node:crypto';
import { CURRENT_CONSENT_VERSIONS } from '@yiban/shared';
import { TokenService } from '../common/auth/token.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from '../integrations/clock.js';
import { FieldCipher } from '../integrations/crypto/field-cipher.js';
import { AuthSession } from '../modules/auth/auth-session.entity.js';
import { countVisits } from '../modules/appointments/patient-visit-stats.entity.js';
import { Visit } from '../modules/appointments/visit.entity.js';
import { Department } from '../modules/catalog/department.entity.js';
import { Consent } from '../modules/consents/consent.entity.js';
import { foldConsentStates } from '../modules/consents/consent-state.entity.js';
import { SubscriptionGrant } from '../modules/messaging/subscription-grant.entity.js';
import { syncPatientSegmentProfiles } from '../modules/patients/patient-segment-profile.js';
import { Patient } from '../modules/patients/patient.entity.js';
import { WechatAccount } from '../modules/patients/wechat-account.entity.js';
import { residentIdNumber } from './identity.js';
import { dataSourceOf, inTransaction, type TestServer } from './server.js';

export interface AddedPatient {
  accountId: string;
  /** The account holder's own profile. */
  patientId: string;
  openid: string;
  /** An access token for the account, signed by the server's TokenService at the server's time. */
  token: string;
}

const BATCH = 200;
const run = randomBytes(4).toString('hex');
let made = 0;

/**
 * Many patients at once, written straight to the database (signing in 1,000 people through WeChat would be the
 * slow part of a load test): a WeChat account with its own profile and a live session each. By default each profile
 * may book — a real name, a resident ID card, a phone, the privacy policy and health-data consents — as a patient who
 * went through the app would; `bare: true` makes first-launch profiles instead. `who` is a count (made-up openids) or
 * the openids of simulator users. Optionally the marketing opt-in (current version) and a one-time grant per template.
 */
export async function addPatients(
  server: TestServer,
  who: number | readonly string[],
  options: { name?: string; bare?: boolean; marketingConsent?: boolean; grants?: readonly string[] } = {},
): Promise<AddedPatient[]> {
  const cipher = server.app.get(FieldCipher);
  const openids = typeof who === 'number' ? Array.from({ length: who }, () => `oTest${run}${String(++made).padStart(8, '0')}`) : [...who];
  const { appid } = server.app.get<AppConfig>(APP_CONFIG).wechat;
  const tokens = server.app.get(TokenService);
  const clock = server.app.get(Clock);
  const added: AddedPatient[] = [];
  for (let i = 0; i < openids.length; i += BATCH) {
    await inTransaction(server, async (m) => {
      const now = clock.now();
      const batch = openids.slice(i, i + BATCH);
      const accounts = batch.map((openid) => m.getRepository(WechatAccount).create({ appid, openid, lastLoginAt: now }));
      await m.insert(WechatAccount, accounts);
      const profiles = accounts.map((a) => {
        const n = ++made;
        const idNumber = residentIdNumber(n);
        const phone = `139${String(n).padStart(8, '0')}`;
        return m.getRepository(Patient).create({
          accountId: a.id,
          relationship: 'self',
          name: options.name ?? (options.bare ? null : `测试患者${n}`),
          ...(!options.bare && {
            idType: 'resident_id' as const,
            idNumberEnc: cipher.encrypt(idNumber),
            idNumberHash: cipher.blindIndex(idNumber),
            nationality: 'CHN',
            birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
            gender: Number(idNumber[16]) % 2 ? ('male' as const) : ('female' as const),
            phoneEnc: cipher.encrypt(phone),
            phoneHash: cipher.blindIndex(phone),
          }),
        });
      });
      await m.insert(Patient, profiles);
      await syncPatientSegmentProfiles(
        m,
        profiles.map((p) => p.id),
      );
      if (!options.bare) {
        const decisions = profiles.flatMap((p) =>
          (['privacy_policy', 'health_data'] as const).map((kind) =>
            m.getRepository(Consent).create({ patientId: p.id, kind, version: CURRENT_CONSENT_VERSIONS[kind], granted: true, decidedAt: now }),
          ),
        );
        await m.insert(Consent, decisions);
        await foldConsentStates(m, decisions);
      }
      // A live session per account: the server checks the session behind every token.
      const sessions = accounts.map((a) =>
        m.getRepository(AuthSession).create({
          subjectKind: 'account',
          subjectId: a.id,
          refreshTokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
          expiresAt: new Date(now.getTime() + 30 * 86_400_000),
          lastUsedAt: now,
        }),
      );
      await m.insert(AuthSession, sessions);
      if (options.marketingConsent) {
        const version = CURRENT_CONSENT_VERSIONS.marketing;
        const decisions = profiles.map((p) => m.getRepository(Consent).create({ patientId: p.id, kind: 'marketing', version, granted: true, decidedAt: now }));
        await m.insert(Consent, decisions);
        await foldConsentStates(m, decisions);
      }
      for (const templateId of options.grants ?? []) {
        await m.insert(
          SubscriptionGrant,
          accounts.map((a) => m.getRepository(SubscriptionGrant).create({ accountId: a.id, templateId, remaining: 1, lastResult: 'accept' })),
        );
      }
      accounts.forEach((a, j) =>
        added.push({
          accountId: a.id,
          patientId: profiles[j]!.id,
          openid: a.openid,
          token: tokens.sign({ kind: 'account', accountId: a.id, sessionId: sessions[j]!.id }, now).token,
        }),
      );
    });
  }
  return added;
}

/** An in-person visit `daysAgo` days ago (hospital date) in the department with `departmentCode`, as the HIS records it. */
export async function addVisit(server: TestServer, visit: { patientId: string; departmentCode: string; daysAgo: number }): Promise<void> {
  const department = await dataSourceOf(server).getRepository(Department).findOneByOrFail({ code: visit.departmentCode });
  const date = new Date(server.app.get(Clock).now().getTime() + 8 * 3_600_000 - visit.daysAgo * 86_400_000).toISOString().slice(0, 10);
  await inTransaction(server, async (m) => {
    const row = m.getRepository(Visit).create({ patientId: visit.patientId, departmentId: department.id, date, kind: 'first', source: 'his' });
    await m.insert(Visit, row);
    await countVisits(m, [row]);
  });
}
