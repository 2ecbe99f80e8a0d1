import { Inject, Injectable } from '@nestjs/common';
import { resolveLocale, type MeResponse, type StaffLoginResponse, type TokenPair, type WechatLoginResponse } from '@yiban/shared';
import { type EntityManager, QueryFailedError } from 'typeorm';
import type { TokenSubject } from '../../common/auth/token.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { PasswordHasher } from '../../integrations/crypto/password-hasher.js';
import { WechatClient, loginErrorFor, type WechatSession } from '../../integrations/wechat/wechat.client.js';
import { PatientsService } from '../patients/index.js';
import { StaffDirectory, StaffService } from '../staff/index.js';
import { SessionsService } from './sessions.service.js';

@Injectable()
export class AuthService {
  /** Verified against when the username is unknown, so both paths take the same time. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(WechatClient) private readonly wechat: WechatClient,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(PatientsService) private readonly patients: PatientsService,
    @Inject(StaffService) private readonly staff: StaffService,
    @Inject(StaffDirectory) private readonly directory: StaffDirectory,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** wx.login code → openid (code2Session) → the account, created with its own profile on first login. */
  async wechatLogin(code: string, acceptLanguage?: string): Promise<WechatLoginResponse> {
    let session: WechatSession;
    try {
      session = await this.wechat.code2Session(code);
    } catch (error) {
      throw loginErrorFor(error);
    }
    const attempt = () =>
      this.tx.run(async (m) => {
        const now = this.clock.now();
        const { accountId, isNew: isNewAccount } = await this.patients.signIn(m, {
          appid: this.config.wechat.appid,
          openid: session.openid,
          unionid: session.unionid ?? null,
          language: resolveLocale(acceptLanguage),
          now,
        });
        const pair = await this.sessions.open(m, { kind: 'account', id: accountId }, (sessionId) => ({ kind: 'account', accountId, sessionId }));
        const profiles = await this.patients.listForAccount(accountId, m);
        return { pair, profiles, isNewAccount };
      });
    let result: Awaited<ReturnType<typeof attempt>>;
    try {
      result = await attempt();
    } catch (error) {
      // Two first logins of the same user at once: the unique index let one through; the other simply signs in.
      if (!(error instanceof QueryFailedError)) throw error;
      result = await attempt();
    }
    const profiles = this.patients.views(result.profiles);
    const self = profiles.find((p) => p.isSelf);
    if (!self) throw new Error('account without its own profile');
    return { ...result.pair, patient: self, profiles, isNewAccount: result.isNewAccount };
  }

  async staffLogin(username: string, password: string): Promise<StaffLoginResponse> {
    const staff = await this.directory.forLogin(username);
    if (!staff) {
      this.decoyHash ??= this.hasher.hash('decoy-password-0');
      await this.hasher.verify(await this.decoyHash, password);
      throw new DomainError('AUTH_BAD_CREDENTIALS');
    }
    if (!(await this.hasher.verify(staff.passwordHash, password))) throw new DomainError('AUTH_BAD_CREDENTIALS');
    if (!staff.active) throw new DomainError('AUTH_ACCOUNT_DISABLED');
    const pair = await this.tx.run(async (m) => {
      await this.directory.recordLogin(m, staff.id, this.clock.now());
      return this.sessions.open(m, { kind: 'staff', id: staff.id }, (sessionId) => ({ kind: 'staff', staffId: staff.id, sessionId, roles: staff.roles }));
    });
    return { ...pair, staff: this.staff.toView(staff) };
  }

  /** New token pair; staff roles and the active flag are read again, so a change takes effect at the next refresh. */
  refresh(refreshToken: string): Promise<TokenPair> {
    return this.sessions.refresh(refreshToken, async (session, m: EntityManager): Promise<TokenSubject> => {
      if (session.subjectKind === 'account') return { kind: 'account', accountId: session.subjectId, sessionId: session.id };
      const staff = await this.directory.byId(session.subjectId, m);
      if (!staff?.active) throw new DomainError('AUTH_ACCOUNT_DISABLED');
      return { kind: 'staff', staffId: staff.id, sessionId: session.id, roles: staff.roles };
    });
  }

  logout(principal: Principal): Promise<void> {
    return this.sessions.revoke(principal.sessionId);
  }

  async me(principal: Principal): Promise<MeResponse> {
    if (principal.kind === 'staff') {
      const staff = await this.staff.get(principal.staffId);
      return { kind: 'staff', roles: staff.roles, staff: this.staff.toView(staff) };
    }
    const profiles = this.patients.views(await this.patients.listForAccount(principal.accountId));
    const self = profiles.find((p) => p.isSelf);
    if (!self) throw new DomainError('PATIENT_NOT_FOUND');
    return { kind: 'patient', roles: ['patient'], accountId: principal.accountId, patient: self, profiles };
  }
}
