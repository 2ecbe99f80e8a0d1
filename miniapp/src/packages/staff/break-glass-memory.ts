/**
 * The grants this console opened, so the patient panel can say until when the record stays open (the summary
 * itself does not say it is open through a grant). Per staff member and patient, for as long as the app runs.
 */
const opened = new Map<string, string>();

const key = (staffId: string, patientId: string) => `${staffId}:${patientId}`;

export function rememberGrant(staffId: string, patientId: string, expiresAt: string): void {
  opened.set(key(staffId, patientId), expiresAt);
}

export function rememberedGrant(staffId: string | undefined, patientId: string | undefined): { expiresAt: string } | null {
  if (!staffId || !patientId) return null;
  const expiresAt = opened.get(key(staffId, patientId));
  return expiresAt ? { expiresAt } : null;
}
