import Taro from '@tarojs/taro';

export const CONSENT_PAGE = '/packages/consent/pages/index/index';

let shownThisRun = false;

/** The consent screen (for `patientId`, else the acting profile); it comes back here when agreed. */
export function openConsent(patientId?: string): void {
  shownThisRun = true;
  void Taro.navigateTo({ url: `${CONSENT_PAGE}${patientId ? `?patientId=${patientId}` : ''}` });
}

/** Whether the consent screen has been opened in this run (it opens by itself once, then only on a tap). */
export function consentShownThisRun(): boolean {
  return shownThisRun;
}
