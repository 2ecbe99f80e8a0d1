import type { Role, StaffRole } from '../roles.js';
import type { PatientView } from './patients.js';
import type { StaffView } from './staff.js';

export interface WechatLoginRequest {
  code: string;
}

export interface StaffLoginRequest {
  username: string;
  password: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface TokenPair {
  /** Bearer token for `Authorization`. */
  token: string;
  /** ISO time the access token stops working. */
  expiresAt: string;
  /** One-use token that buys a new pair at `POST /api/v1/auth/refresh`. */
  refreshToken: string;
  refreshExpiresAt: string;
}

export interface WechatLoginResponse extends TokenPair {
  /** The account's own profile (created on first login). */
  patient: PatientView;
  /** Every profile the account manages: self and family members. */
  profiles: PatientView[];
  /** True when this login created the account. */
  isNewAccount: boolean;
}

export interface StaffLoginResponse extends TokenPair {
  staff: StaffView;
}

export type MeResponse =
  | { kind: 'patient'; roles: Role[]; accountId: string; patient: PatientView; profiles: PatientView[] }
  | { kind: 'staff'; roles: StaffRole[]; staff: StaffView };

export interface BindPhoneRequest {
  /** The one-use code from the phone-number button. */
  code: string;
}
