import type { ClvReport, TierMigrationReport, TierReport } from '@yiban/shared';
import { staffApi } from './api';

/** The membership reports (admins and marketing; aggregates only). */

export const MEMBER_ANALYTICS_PAGE = '/packages/staff/pages/member-analytics/index';

export const tierReport = () => staffApi.get<TierReport>('/analytics/tiers');

export const tierReportCsv = () => staffApi.get<string>('/analytics/tiers.csv');

export const tierMigration = (query: { from: string; to: string }) => staffApi.get<TierMigrationReport>('/analytics/tiers/migration', { query });

export const tierMigrationCsv = (query: { from: string; to: string }) => staffApi.get<string>('/analytics/tiers/migration.csv', { query });

export const clvReport = (cohort: number) => staffApi.get<ClvReport>('/analytics/clv', { query: { cohort: String(cohort) } });

export const clvReportCsv = (cohort: number) => staffApi.get<string>('/analytics/clv.csv', { query: { cohort: String(cohort) } });
