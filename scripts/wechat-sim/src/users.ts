import { newOpenid, newUnionid } from './ids.js';

export interface SimUser {
  openid: string;
  unionid: string;
  nickname: string;
  /** Without the country code, as WeChat's `purePhoneNumber`. */
  phone: string | null;
  countryCode: string;
  /** WeChat flags the account as high risk: jscode2session answers 40226. */
  risky: boolean;
  /** Rotated by every successful jscode2session, as WeChat does. */
  sessionKey: string | null;
  createdAt: number;
  /** Simulator time of the last successful jscode2session: the user has used the app (msg_sec_check needs that). */
  lastLoginAt: number | null;
  /** Simulator time the user last messaged the app (POST /__sim/users/:openid/interacted): opens the 48 h customer-service window. */
  interactedAt: number | null;
}

export interface UserInput {
  nickname?: string;
  phone?: string;
  countryCode?: string;
  risky?: boolean;
}

/** What WeChat shows for users who never set a nickname. */
const DEFAULT_NICKNAME = '微信用户';

export class UserStore {
  private readonly users = new Map<string, SimUser>();

  create(input: UserInput, now: number): SimUser {
    const user: SimUser = {
      openid: newOpenid(),
      unionid: newUnionid(),
      nickname: input.nickname ?? DEFAULT_NICKNAME,
      phone: input.phone ?? null,
      countryCode: input.countryCode ?? '86',
      risky: input.risky ?? false,
      sessionKey: null,
      createdAt: now,
      lastLoginAt: null,
      interactedAt: null,
    };
    this.users.set(user.openid, user);
    return user;
  }

  get(openid: string): SimUser | undefined {
    return this.users.get(openid);
  }

  update(openid: string, patch: UserInput): SimUser | undefined {
    const user = this.users.get(openid);
    if (!user) return undefined;
    if (patch.nickname !== undefined) user.nickname = patch.nickname;
    if (patch.phone !== undefined) user.phone = patch.phone;
    if (patch.countryCode !== undefined) user.countryCode = patch.countryCode;
    if (patch.risky !== undefined) user.risky = patch.risky;
    return user;
  }

  list(): SimUser[] {
    return [...this.users.values()];
  }

  clear(): void {
    this.users.clear();
  }
}
