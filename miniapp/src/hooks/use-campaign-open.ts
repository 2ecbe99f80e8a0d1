import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { recordCampaignOpen } from '../services/marketing';
import { useAppState } from '../store/app-store';
import { campaignIdFrom } from '../utils/campaign-links';

export { campaignIdFrom, campaignIdInLink } from '../utils/campaign-links';

/** Campaign ids already reported from this app run: a page shown again (back, pull to refresh) does not report twice. */
const reported = new Set<string>();

/** Tells the server once per app run (a failure is tried again next time). */
export function reportCampaignOpen(campaignId: string): void {
  if (reported.has(campaignId)) return;
  reported.add(campaignId);
  recordCampaignOpen(campaignId).catch(() => reported.delete(campaignId));
}

/**
 * A campaign's landing page (an article, booking) tells the server once that the patient opened it, so the campaign's
 * results count the open. Failures are not the patient's concern: the page works the same, and the next visit tries again.
 */
export function useCampaignOpen(): void {
  const campaignId = campaignIdFrom(Taro.getCurrentInstance().router?.params);
  const signedIn = useAppState((s) => s.patient.status === 'ready');
  useEffect(() => {
    if (campaignId && signedIn) reportCampaignOpen(campaignId);
  }, [campaignId, signedIn]);
}

/** For tests: forget what was reported. */
export function resetCampaignOpens(): void {
  reported.clear();
}
