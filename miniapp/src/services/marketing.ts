import type { MarketingPreferencesView, UpdateMarketingPreferencesRequest } from '@yiban/shared';
import { patientApi } from './api';

/** The patient's side of campaigns: what they want to receive, and telling the hospital a campaign's page was opened. */

export const getMarketingPreferences = () => patientApi.get<MarketingPreferencesView>('/me/marketing-preferences');

export const saveMarketingPreferences = (body: UpdateMarketingPreferencesRequest) =>
  patientApi.request<MarketingPreferencesView>('/me/marketing-preferences', { method: 'PUT', body });

/** Safe to repeat: the server marks the delivery opened once. */
export const recordCampaignOpen = (campaignId: string) => patientApi.post<unknown>('/me/campaign-opens', { campaignId });

export const MARKETING_PREFERENCES_PAGE = '/packages/settings/pages/marketing/index';
