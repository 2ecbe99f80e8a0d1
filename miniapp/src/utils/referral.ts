/** Invitation codes as the patient types them: spaces and dashes dropped, capitals, at most 8 characters (the server's form). */
export const REFERRAL_CODE_LENGTH = 8;

export function referralCodeInput(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase().slice(0, REFERRAL_CODE_LENGTH);
}

/** "ABCD EFGH": the code in two groups of four, easier to read out and copy by hand (the copied text has no space). */
export function groupReferralCode(code: string): string {
  return code.replace(/^(.{4})(?=.)/, '$1 ');
}
