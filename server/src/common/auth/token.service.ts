import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { isStaffRole, type StaffRole } from '@yiban/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DomainError } from '../errors/domain-error.js';

/** What an access token says: who signed in, in which session, and (staff) the roles they had then. */
export type TokenSubject =
  { kind: 'account'; accountId: string; sessionId: string } | { kind: 'staff'; staffId: string; sessionId: string; roles: StaffRole[] };

interface AccessClaims {
  sub: string;
  /** a = WeChat account, s = staff */
  typ: 'a' | 's';
  sid: string;
  roles?: StaffRole[];
}

/** Signs and verifies short-lived access tokens (HS256 JWT). */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.jwt = new JwtService({
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to read it as a public key on every
      // verify, and that failed attempt cost about 0.5 ms per request (11 µs with the key made once; the profiles in
      // docs/benchmarks.md found it at 7–9 % of server CPU).
      secret: createSecretKey(Buffer.from(config.auth.jwtSecret)),
      signOptions: { algorithm: 'HS256', issuer: 'yiban' },
      verifyOptions: { algorithms: ['HS256'], issuer: 'yiban' },
    });
  }

  sign(principal: TokenSubject, now: Date): { token: string; expiresAt: Date } {
    const claims: AccessClaims =
      principal.kind === 'account'
        ? { sub: principal.accountId, typ: 'a', sid: principal.sessionId }
        : { sub: principal.staffId, typ: 's', sid: principal.sessionId, roles: principal.roles };
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.config.auth.accessTokenTtlSeconds;
    return { token: this.jwt.sign({ ...claims, iat, exp }), expiresAt: new Date(exp * 1000) };
  }

  verify(token: string, now: Date): TokenSubject {
    return this.verifyWithExpiry(token, now).subject;
  }

  /** The subject and when the token stops being valid (a socket authenticated with it must renew by then). */
  verifyWithExpiry(token: string, now: Date): { subject: TokenSubject; expiresAt: Date } {
    let claims: AccessClaims & { exp?: number };
    try {
      claims = this.jwt.verify<AccessClaims & { exp?: number }>(token, { ignoreExpiration: true });
    } catch {
      throw new DomainError('AUTH_TOKEN_INVALID');
    }
    if (!claims.exp || claims.exp * 1000 <= now.getTime()) throw new DomainError('AUTH_TOKEN_EXPIRED');
    const expiresAt = new Date(claims.exp * 1000);
    if (claims.typ === 'a') return { subject: { kind: 'account', accountId: claims.sub, sessionId: claims.sid }, expiresAt };
    if (claims.typ === 's' && Array.isArray(claims.roles) && claims.roles.every((r) => isStaffRole(r))) {
      return { subject: { kind: 'staff', staffId: claims.sub, sessionId: claims.sid, roles: claims.roles }, expiresAt };
    }
    throw new DomainError('AUTH_TOKEN_INVALID');
  }
}
