import { Picker, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { MEMBER_TIER_LABELS, type MemberTier } from '@yiban/shared';
import { useState } from 'react';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { toApiError } from '../../../../services/errors';
import { clvReport, clvReportCsv, tierMigration, tierMigrationCsv, tierReport, tierReportCsv } from '../../../../services/member-reports';
import { addDays, hospitalDate } from '../../../../utils/clinic-time';
import { formatFen } from '../../../../utils/money';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { LtvLine, MigrationHeatMap, RevenueBars, TierPie } from '../../components/MemberCharts';
import { percentText } from '../../components/member-chart-data';
import { saveCsv } from '../../csv-download';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

type Range = 'quarter' | 'year' | 'ytd';
const RANGES: Range[] = ['quarter', 'year', 'ytd'];

function rangeDates(range: Range, today: string): { from: string; to: string } {
  if (range === 'quarter') return { from: addDays(today, -91), to: today };
  if (range === 'ytd') return { from: `${Number(today.slice(0, 4)) - 1}-12-31`, to: today };
  return { from: addDays(today, -365), to: today };
}

/** 会员分析: tiers and revenue by tier now, migration between two dates, the lifetime-value table of a cohort. */
export default function MemberAnalyticsPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const today = hospitalDate(new Date());
  const thisYear = Number(today.slice(0, 4));
  const tierName = (x: MemberTier) => (locale === 'en' ? MEMBER_TIER_LABELS[x].en : MEMBER_TIER_LABELS[x].zh);

  const [range, setRange] = useState<Range | null>('year');
  const [dates, setDates] = useState(() => rangeDates('year', today));
  const [cohort, setCohort] = useState(thisYear - 1);
  const [csvError, setCsvError] = useState<string | null>(null);

  const datesOk = dates.from <= dates.to;
  const tiers = useQuery(() => tierReport(), [locale], !!member);
  const migration = useQuery(() => tierMigration(dates), [dates.from, dates.to, locale], !!member && datesOk);
  const clv = useQuery(() => clvReport(cohort), [cohort, locale], !!member);
  usePullDownRefresh(() => {
    void Promise.all([tiers.reload(), migration.reload(), clv.reload()]).finally(() => Taro.stopPullDownRefresh());
  });

  const exportCsv = async (load: () => Promise<string>, file: string, testId: string) => {
    setCsvError(null);
    try {
      if (!saveCsv(await load(), file, testId)) setCsvError(t('memberReports.csvOnDesktop'));
    } catch (e) {
      setCsvError(toApiError(e, locale).message);
    }
  };
  const pick = (which: 'from' | 'to', value: string) => {
    setRange(null);
    setDates((d) => ({ ...d, [which]: value }));
  };

  const r = tiers.data;
  const m = migration.data;
  const c = clv.data;
  const cohortYears = Array.from({ length: 8 }, (_, i) => thisYear - i);

  return (
    <Page title="memberReports.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="memberReports" /> : <View />}
      <ConsoleMain>
        <View data-testid="member-analytics">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('memberReports.title')}</Text>
          </View>
          <Text className="yb-muted">{t('memberReports.intro')}</Text>
          <InlineError message={csvError} />

          {/* Tiers and revenue by tier, now. */}
          <View className="yb-console__bar">
            <Text className="yb-section__title">{t('memberReports.tiers')}</Text>
            <Text
              className="yb-textbutton"
              data-testid="member-tiers-csv"
              onClick={() => void exportCsv(tierReportCsv, `tiers-${r?.asOf ?? today}.csv`, 'member-tiers-csv-link')}
            >
              {t('memberReports.csv')}
            </Text>
          </View>
          {!member || (tiers.loading && !r) ? <LoadingState /> : null}
          {tiers.error && !r ? <ErrorState error={tiers.error} title={t('memberReports.loadError')} onRetry={() => void tiers.reload()} /> : null}
          {r && r.patients === 0 ? <EmptyState title={t('memberReports.emptyPatients')} hint={t('memberReports.emptyPatientsHint')} /> : null}
          {r && r.patients > 0 ? (
            <View data-testid="member-tiers">
              <View className="yb-quality-tiles">
                <View className="yb-quality-tile">
                  <Text className="yb-quality-tile__value" data-testid="member-patients">
                    {r.patients}
                  </Text>
                  <Text className="yb-small">{t('memberReports.patients')}</Text>
                </View>
                <View className="yb-quality-tile">
                  <Text className="yb-quality-tile__value">{r.payingPatients}</Text>
                  <Text className="yb-small">{t('memberReports.paying')}</Text>
                </View>
                <View className="yb-quality-tile">
                  <Text className="yb-quality-tile__value" data-testid="member-revenue">
                    {formatFen(r.revenue)}
                  </Text>
                  <Text className="yb-small">{t('memberReports.revenue')}</Text>
                </View>
              </View>
              <Text className="yb-section__title">{t('memberReports.distribution')}</Text>
              <TierPie report={r} />
              <Text className="yb-section__title">{t('memberReports.revenueByTier')}</Text>
              {r.revenue > 0 ? <RevenueBars report={r} /> : <EmptyState title={t('memberReports.emptyRevenue')} hint={t('memberReports.emptyRevenueHint')} />}
              <View className="yb-quality-table" data-testid="member-tier-rows">
                <View className="yb-quality-table__row">
                  {(['tier', 'patients', 'share', 'revenue', 'revenueShare', 'perPatient'] as const).map((k) => (
                    <Text key={k} className="yb-quality-table__head">
                      {t(`memberReports.col.${k}`)}
                    </Text>
                  ))}
                </View>
                {r.tiers.map((x) => (
                  <View key={x.tier} className="yb-quality-table__row" data-testid="member-tier-row" data-tier={x.tier} data-patients={x.patients}>
                    <Text className="yb-quality-table__head">{tierName(x.tier)}</Text>
                    <Text className="yb-quality-table__cell">{x.patients}</Text>
                    <Text className="yb-quality-table__cell">{percentText(x.share)}</Text>
                    <Text className="yb-quality-table__cell">{formatFen(x.revenue)}</Text>
                    <Text className="yb-quality-table__cell">{percentText(x.revenueShare)}</Text>
                    <Text className="yb-quality-table__cell">{x.revenuePerPatient === null ? '—' : formatFen(x.revenuePerPatient)}</Text>
                  </View>
                ))}
              </View>
              {r.payingPatients > 0 ? (
                <>
                  <Text className="yb-section__title">{t('memberReports.pareto')}</Text>
                  <View className="yb-admin-list" data-testid="member-pareto">
                    {r.pareto.map((p) => (
                      <Text key={p.topPercent} className="yb-admin-row">
                        {t('memberReports.paretoLine', { p: p.topPercent, n: p.patients, share: percentText(p.revenueShare) })}
                      </Text>
                    ))}
                  </View>
                </>
              ) : null}
            </View>
          ) : null}

          {/* Migration between two dates. */}
          <View className="yb-console__bar">
            <Text className="yb-section__title">{t('memberReports.migration')}</Text>
            <Text
              className="yb-textbutton"
              data-testid="member-migration-csv"
              onClick={() =>
                datesOk && void exportCsv(() => tierMigrationCsv(dates), `tier-migration-${dates.from}-${dates.to}.csv`, 'member-migration-csv-link')
              }
            >
              {t('memberReports.csv')}
            </Text>
          </View>
          <Text className="yb-small">{t('memberReports.migrationHint')}</Text>
          <View className="yb-toolbar" data-testid="member-migration-range">
            {RANGES.map((x) => (
              <Text
                key={x}
                className={`yb-choice ${range === x ? 'yb-choice--on' : ''}`}
                data-value={x}
                onClick={() => {
                  setRange(x);
                  setDates(rangeDates(x, today));
                }}
              >
                {t(`memberReports.range.${x}`)}
              </Text>
            ))}
            <Text className="yb-toolbar__label">{t('memberReports.from')}</Text>
            <Picker mode="date" value={dates.from} end={today} onChange={(e) => pick('from', String(e.detail.value))}>
              <Text className="yb-choice yb-choice--picker" data-testid="member-from">
                {dates.from} ▾
              </Text>
            </Picker>
            <Text className="yb-toolbar__label">{t('memberReports.to')}</Text>
            <Picker mode="date" value={dates.to} end={today} onChange={(e) => pick('to', String(e.detail.value))}>
              <Text className="yb-choice yb-choice--picker" data-testid="member-to">
                {dates.to} ▾
              </Text>
            </Picker>
          </View>
          {!datesOk ? <InlineError message={t('memberReports.datesWrong')} /> : null}
          {datesOk && migration.loading && !m ? <LoadingState /> : null}
          {datesOk && migration.error ? (
            <ErrorState error={migration.error} title={t('memberReports.loadError')} onRetry={() => void migration.reload()} />
          ) : null}
          {datesOk && m ? (
            <View data-testid="member-migration" data-up={m.upgraded} data-down={m.downgraded}>
              <MigrationHeatMap report={m} />
              <Text className="yb-small">{t('memberReports.moves', { up: m.upgraded, down: m.downgraded, same: m.unchanged })}</Text>
              {m.newcomers.flat().some((n) => n > 0) ? (
                <Text className="yb-small">{t('memberReports.newcomers', { n: m.newcomers.flat().reduce((s, n) => s + n, 0) })}</Text>
              ) : null}
              {m.upgraded + m.downgraded === 0 ? <EmptyState title={t('memberReports.noMoves')} hint={t('memberReports.noMovesHint')} /> : null}
            </View>
          ) : null}

          {/* The lifetime-value table of a first-visit cohort. */}
          <View className="yb-console__bar">
            <Text className="yb-section__title">{t('memberReports.clv')}</Text>
            <Text
              className="yb-textbutton"
              data-testid="member-clv-csv"
              onClick={() => void exportCsv(() => clvReportCsv(cohort), `clv-${cohort}.csv`, 'member-clv-csv-link')}
            >
              {t('memberReports.csv')}
            </Text>
          </View>
          <View className="yb-toolbar" data-testid="member-cohort">
            <Text className="yb-toolbar__label">{t('memberReports.cohort')}</Text>
            {cohortYears.map((y) => (
              <Text key={y} className={`yb-choice ${cohort === y ? 'yb-choice--on' : ''}`} data-value={y} onClick={() => setCohort(y)}>
                {y}
              </Text>
            ))}
          </View>
          {clv.loading && !c ? <LoadingState /> : null}
          {clv.error && !c ? <ErrorState error={clv.error} title={t('memberReports.loadError')} onRetry={() => void clv.reload()} /> : null}
          {c && c.cohortSize === 0 ? <EmptyState title={t('memberReports.emptyCohort', { year: c.cohort })} hint={t('memberReports.emptyCohortHint')} /> : null}
          {c && c.cohortSize > 0 ? (
            <View data-testid="member-clv" data-cohort={c.cohort}>
              <Text className="yb-small" data-testid="member-cohort-size">
                {t('memberReports.cohortSize', { year: c.cohort, n: c.cohortSize, once: c.oneTimeCustomers })}
              </Text>
              <View style={{ overflowX: 'auto' }}>
                <View className="yb-quality-table" data-testid="member-clv-table" style={{ minWidth: '880px' }}>
                  <View className="yb-quality-table__row">
                    {(['year', 'basis', 'customers', 'retention', 'totalRevenue', 'cost', 'profit', 'discounted', 'ltv'] as const).map((k) => (
                      <Text key={k} className="yb-quality-table__head">
                        {t(`memberReports.col.${k}`)}
                      </Text>
                    ))}
                  </View>
                  {c.rows.map((x) => (
                    <View key={x.year} className="yb-quality-table__row" data-testid="member-clv-row" data-basis={x.basis}>
                      <Text className="yb-quality-table__head">{t('memberReports.yearN', { n: x.year, year: x.calendarYear })}</Text>
                      <Text className="yb-quality-table__cell">{t(`memberReports.basis.${x.basis}`)}</Text>
                      <Text className="yb-quality-table__cell">{x.customers}</Text>
                      <Text className="yb-quality-table__cell">{percentText(x.retentionRate)}</Text>
                      <Text className="yb-quality-table__cell">{formatFen(x.revenue)}</Text>
                      <Text className="yb-quality-table__cell">{formatFen(x.variableCost)}</Text>
                      <Text className="yb-quality-table__cell">{formatFen(x.netProfit)}</Text>
                      <Text className="yb-quality-table__cell">{formatFen(x.discountedProfit)}</Text>
                      <Text className="yb-quality-table__cell" data-testid="member-clv-ltv">
                        {formatFen(x.lifetimeValue)}
                      </Text>
                    </View>
                  ))}
                </View>
              </View>
              <LtvLine report={c} />
              <View className="yb-issue-evidence" data-testid="member-clv-formula">
                <Text className="yb-field__label">{t('memberReports.formula')}</Text>
                <Text className="yb-small">{c.formula}</Text>
                <Text className="yb-small">{t('memberReports.formulaText')}</Text>
                <Text className="yb-small">
                  {t('memberReports.inputs', {
                    m: percentText(c.inputs.marginRate),
                    d: percentText(c.inputs.discountRate),
                    r: percentText(c.inputs.retentionRate),
                  })}
                </Text>
              </View>
            </View>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
