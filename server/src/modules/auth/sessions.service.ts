import { Inject, Injectable } from '@nestjs/common';
import type { TokenPair } from '@yiban/shared';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';
import { SessionGate } from '../../common/auth/session-gate.js';
import { TokenService, type TokenSubject } from '../../common/auth/token.service.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { currentRequest } from '../../common/http/request-context.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { AuthSession, type SessionSubject } from './auth-session.entity.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Sessions: issuing token pairs, rotating refresh tokens, revoking on reuse or logout. */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SessionGate) private readonly gate: SessionGate,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  private repo() {
    return this.dataSource.getRepository(AuthSession);
  }

  /** Opens a session inside the caller's transaction and returns its first token pair. */
  async open(m: EntityManager, subject: { kind: SessionSubject; id: string }, principalFor: (sessionId: string) => TokenSubject): Promise<TokenPair> {
    const now = this.clock.now();
    const refreshToken = randomBytes(32).toString('base64url');
    const session = m.getRepository(AuthSession).create({
      subjectKind: subject.kind,
      subjectId: subject.id,
      refreshTokenHash: hashToken(refreshToken),
      expiresAt: this.refreshExpiry(now),
      lastUsedAt: now,
      userAgent: currentRequest()?.userAgent ?? null,
    });
    await m.insert(AuthSession, session);
    return this.pair(principalFor(session.id), refreshToken, session.expiresAt, now);
  }

  /**
   * Trades a refresh token for a new pair. The old refresh token stops working; presenting it again
   * (a stolen copy, or a replay) revokes the session for everyone holding it.
   */
  async refresh(refreshToken: string, principalFor: (session: AuthSession, m: EntityManager) => Promise<TokenSubject>): Promise<TokenPair> {
    const presented = hashToken(refreshToken);
    const now = this.clock.now();
    type Outcome = { ok: true; pair: TokenPair } | { ok: false; reused?: string };
    const outcome = await this.tx.run(async (m): Promise<Outcome> => {
      const repo = m.getRepository(AuthSession);
      const session = await repo.findOneBy({ refreshTokenHash: presented });
      if (!session) {
        const reused = await repo.findOneBy({ previousRefreshTokenHash: presented });
        if (reused && !reused.revokedAt) {
          await repo.update({ id: reused.id }, { revokedAt: now });
          return { ok: false, reused: reused.id };
        }
        return { ok: false };
      }
      if (session.revokedAt || session.expiresAt <= now) return { ok: false };
      const principal = await principalFor(session, m);
      const next = randomBytes(32).toString('base64url');
      const expiresAt = this.refreshExpiry(now);
      const moved = await repo.update(
        { id: session.id, refreshTokenHash: presented },
        { refreshTokenHash: hashToken(next), previousRefreshTokenHash: presented, expiresAt, lastUsedAt: now },
      );
      if (!moved.affected) return { ok: false };
      return { ok: true, pair: this.pair(principal, next, expiresAt, now) };
    });
    if (!outcome.ok) {
      // A stolen refresh token: whoever holds the session's access token loses it now, not in 15 minutes.
      if (outcome.reused) await this.gate.ended([outcome.reused]);
      throw new DomainError('AUTH_REFRESH_INVALID');
    }
    return outcome.pair;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.tx.run((m) => m.update(AuthSession, { id: sessionId }, { revokedAt: this.clock.now() }));
    await this.gate.ended([sessionId]);
  }

  /** Whether a session may still be used: not revoked, not expired. */
  async isActive(sessionId: string): Promise<boolean> {
    const session = await this.repo().findOne({ select: { id: true, revokedAt: true, expiresAt: true }, where: { id: sessionId } });
    return !!session && !session.revokedAt && session.expiresAt > this.clock.now();
  }

  /** Revokes every live session of a subject; answers their ids (the caller tells every instance). */
  async revokeAll(subject: { kind: SessionSubject; id: string }): Promise<string[]> {
    return this.tx.run(async (m) => {
      const live = await m
        .getRepository(AuthSession)
        .find({ select: { id: true }, where: { subjectKind: subject.kind, subjectId: subject.id, revokedAt: IsNull() } });
      if (!live.length) return [];
      await m.update(AuthSession, { id: In(live.map((s) => s.id)) }, { revokedAt: this.clock.now() });
      return live.map((s) => s.id);
    });
  }

  /** Housekeeping: sessions expired or revoked more than a day ago are of no further use. */
  async purgeStale(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - 86_400_000);
    return this.tx.run(async (m) => {
      const expired = await m.delete(AuthSession, { expiresAt: LessThan(cutoff) });
      const revoked = await m.delete(AuthSession, { revokedAt: LessThan(cutoff) });
      return (expired.affected ?? 0) + (revoked.affected ?? 0);
    });
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.auth.refreshTokenTtlDays * 86_400_000);
  }

  private pair(principal: TokenSubject, refreshToken: string, refreshExpiresAt: Date, now: Date): TokenPair {
    const access = this.tokens.sign(principal, now);
    return { token: access.token, expiresAt: access.expiresAt.toISOString(), refreshToken, refreshExpiresAt: refreshExpiresAt.toISOString() };
  }
}
