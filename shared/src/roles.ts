/** Staff roles. A staff account holds one or more of them. */
export const STAFF_ROLES = ['doctor', 'nurse', 'case_manager', 'marketing', 'service', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Every role a signed-in caller can have. Patients sign in through WeChat. */
export const ROLES = ['patient', ...STAFF_ROLES] as const;
export type Role = (typeof ROLES)[number];

/** Staff roles that may read clinical detail of a patient (always audited). */
export const CLINICAL_ROLES: readonly StaffRole[] = ['doctor', 'nurse', 'case_manager', 'admin'];

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
