import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@yiban/shared';
import type { Request } from 'express';
import { Clock } from '../../integrations/clock.js';
import { DomainError } from '../errors/domain-error.js';
import { ACTING_PATIENT_HEADER, ACTING_PATIENT_KEY, PATIENT_NEEDS_KEY, PUBLIC_KEY, ROLES_KEY, type PatientNeeds } from './decorators.js';
import { AccessPolicy } from './access-policy.js';
import { TokenService } from './token.service.js';

/**
 * The one guard, applied globally. A route is either `@Public()` or names its roles with `@Roles()`;
 * a route with neither is refused, so a forgotten decorator fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
    // Public routes (catalogue, slots, the pay notification, signed image links) never act on who is calling.
    if (isPublic) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!header) throw new DomainError('AUTH_REQUIRED');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new DomainError('AUTH_TOKEN_INVALID');
    // Staff roles and departments come from the staff record on every request, not from the token.
    const principal = await this.policy.principal(this.tokens.verify(match[1], this.clock.now()));
    req.principal = principal;
    if (!roles?.length || !principal.roles.some((role) => roles.includes(role))) throw new DomainError('FORBIDDEN_ROLE');

    if (this.reflector.getAllAndOverride<boolean>(ACTING_PATIENT_KEY, targets)) {
      if (principal.kind !== 'account') throw new DomainError('FORBIDDEN_ROLE');
      const chosen = req.headers[ACTING_PATIENT_HEADER];
      const patient = await this.policy.actingProfile(principal, typeof chosen === 'string' && chosen ? chosen : undefined);
      req.actingPatient = patient;
      const needs = this.reflector.getAllAndOverride<PatientNeeds | undefined>(PATIENT_NEEDS_KEY, targets) ?? {};
      if (needs.consent) await this.policy.assertConsented(patient.id);
      if (needs.realName) await this.policy.assertRealName(patient.id, patient);
    }
    return true;
  }
}
