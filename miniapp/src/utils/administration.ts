import { DEPARTMENT_ROLES, type StaffRole } from '@yiban/shared';
import { addDays } from './clinic-time';

/** The date filters the console offers: quick ranges ending today, or everything. */
export const DATE_PRESETS = ['today', 'week', 'month', 'all'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

/** A preset as hospital-time dates (both ends included), from `today`. */
export function presetRange(preset: DatePreset, today: string): { from?: string; to?: string } {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'week':
      return { from: addDays(today, -6), to: today };
    case 'month':
      return { from: addDays(today, -29), to: today };
    case 'all':
      return {};
  }
}

/** The server's rule (at least 10 characters, letters and digits), said before sending. */
export function passwordProblem(password: string): 'empty' | 'weak' | null {
  if (!password) return 'empty';
  return password.length >= 10 && /[A-Za-z]/.test(password) && /\d/.test(password) ? null : 'weak';
}

export const needsDepartment = (roles: readonly StaffRole[]) => roles.some((r) => DEPARTMENT_ROLES.includes(r));

export interface AccountDraft {
  username: string;
  displayName: string;
  password: string;
  roles: StaffRole[];
  departmentId: string | null;
}

export type AccountField = 'username' | 'displayName' | 'password' | 'roles' | 'departmentId';
export type AccountProblem = 'required' | 'usernameChars' | 'usernameLength' | 'weak' | 'needsDepartment';

/** What is wrong with a new account (or, `creating` false, an edit: no username or password then), field by field. */
export function accountProblems(draft: AccountDraft, creating: boolean): Partial<Record<AccountField, AccountProblem>> {
  const problems: Partial<Record<AccountField, AccountProblem>> = {};
  if (creating) {
    const username = draft.username.trim();
    if (!username) problems.username = 'required';
    else if (username.length < 3 || username.length > 64) problems.username = 'usernameLength';
    else if (!/^[\w.@-]+$/.test(username)) problems.username = 'usernameChars';
    const password = passwordProblem(draft.password);
    if (password) problems.password = password === 'empty' ? 'required' : 'weak';
  }
  if (!draft.displayName.trim()) problems.displayName = 'required';
  if (!draft.roles.length) problems.roles = 'required';
  else if (needsDepartment(draft.roles) && !draft.departmentId) problems.departmentId = 'needsDepartment';
  return problems;
}

/** Bars of the 1–5 distribution, widest = 100 %; each with its share of all ratings (whole percent). */
export function ratingBars(distribution: readonly number[]): { score: number; count: number; width: number; share: number }[] {
  const most = Math.max(0, ...distribution);
  const total = distribution.reduce((a, b) => a + b, 0);
  return distribution.map((count, i) => ({
    score: i + 1,
    count,
    width: most ? Math.round((count / most) * 100) : 0,
    share: total ? Math.round((count / total) * 100) : 0,
  }));
}

/** "★★★★☆" for a score of 4. */
export const stars = (score: number) => '★'.repeat(score) + '☆'.repeat(Math.max(0, 5 - score));
