import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@yiban/shared';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error.js';
import type { AccountPrincipal, ActingProfile, Principal, StaffPrincipal } from './principal.js';

export const PUBLIC_KEY = 'yiban:public';
export const ROLES_KEY = 'yiban:roles';
export const ACTING_PATIENT_KEY = 'yiban:acting-patient';
export const ACTING_PATIENT_HEADER = 'x-patient-id';
export const PATIENT_NEEDS_KEY = 'yiban:patient-needs';

/** What a patient route needs of the acting profile before it runs. */
export interface PatientNeeds {
  /** It processes health data: the privacy policy and health-data consents at their current versions (CONSENT_REQUIRED). */
  consent?: boolean;
  /** It books or consults: a real name, an identity document and a phone (REAL_NAME_REQUIRED). */
  realName?: boolean;
}

/** Anyone may call this route, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Signed-in callers holding at least one of these roles. Every non-public route carries this. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'AUTH_REQUIRED, AUTH_TOKEN_INVALID or AUTH_TOKEN_EXPIRED' }),
    ApiForbiddenResponse({ description: 'FORBIDDEN_ROLE' }),
  );

/**
 * A patient route acting for one profile of the signed-in account: `X-Patient-Id` chooses it
 * (the account holder's own profile when absent). The guard checks the account owns it.
 */
export const PatientRoute = (needs: PatientNeeds = {}) =>
  applyDecorators(
    Roles('patient'),
    SetMetadata(ACTING_PATIENT_KEY, true),
    SetMetadata(PATIENT_NEEDS_KEY, needs),
    ...(needs.consent ? [ApiForbiddenResponse({ description: 'CONSENT_REQUIRED without the privacy policy and health-data consents' })] : []),
    ...(needs.realName
      ? [ApiForbiddenResponse({ description: 'REAL_NAME_REQUIRED until the profile has a real name, an identity document and a phone' })]
      : []),
    ApiHeader({ name: 'X-Patient-Id', required: false, description: 'The profile to act for; defaults to the account holder' }),
    ApiForbiddenResponse({ description: 'FORBIDDEN_OWNERSHIP when the profile belongs to another account' }),
  );

function request(ctx: ExecutionContext): Request {
  return ctx.switchToHttp().getRequest<Request>();
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = request(ctx).principal;
  if (!principal) throw new DomainError('AUTH_REQUIRED');
  return principal;
});

export const CurrentAccount = createParamDecorator((_: unknown, ctx: ExecutionContext): AccountPrincipal => {
  const principal = request(ctx).principal;
  if (principal?.kind !== 'account') throw new DomainError('FORBIDDEN_ROLE');
  return principal;
});

export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal => {
  const principal = request(ctx).principal;
  if (principal?.kind !== 'staff') throw new DomainError('FORBIDDEN_ROLE');
  return principal;
});

/** The ownership-checked profile of a `@PatientRoute()`. */
export const ActingPatient = createParamDecorator((_: unknown, ctx: ExecutionContext): ActingProfile => {
  const patient = request(ctx).actingPatient;
  if (!patient) throw new DomainError('PATIENT_NOT_FOUND');
  return patient;
});
