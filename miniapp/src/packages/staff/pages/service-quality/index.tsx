import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { toApiError } from '../../../../services/errors';
import { SERVICE_ISSUES_PAGE, serviceQuality, serviceQualityCsv } from '../../../../services/surveys';
import { addDays, hospitalDate } from '../../../../utils/clinic-time';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { GapHeatMap, QualityTrend } from '../../components/QualityCharts';
import { gapColour, heatAxes, touchpointCells, weekCells } from '../../components/quality-chart-data';
import { saveCsv } from '../../csv-download';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

const PERIODS = [30, 90, 365] as const;

/** 服务质量: the gap model (expected vs perceived) by dimension × touchpoint, NPS and the top box, departments, issues. */
export default function ServiceQualityPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(90);
  const to = hospitalDate(new Date());
  const from = addDays(to, -(days - 1));
  const report = useQuery(() => serviceQuality({ from, to }), [from, to, locale], !!member);
  const [csvError, setCsvError] = useState<string | null>(null);
  usePullDownRefresh(() => {
    void report.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const r = report.data;
  const exportCsv = async () => {
    setCsvError(null);
    try {
      if (!saveCsv(await serviceQualityCsv({ from, to }), `service-quality-${from}-${to}.csv`, 'quality-csv-link')) setCsvError(t('quality.csvOnDesktop'));
    } catch (e) {
      setCsvError(toApiError(e, locale).message);
    }
  };
  const axes = r ? heatAxes(touchpointCells(r.lowest), locale) : null;
  return (
    <Page title="quality.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="serviceQuality" /> : <View />}
      <ConsoleMain>
        <View data-testid="service-quality">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('quality.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void exportCsv()} data-testid="quality-csv">
              {t('quality.csv')}
            </Text>
          </View>
          <Text className="yb-muted">{t('quality.intro')}</Text>
          <View className="yb-choices yb-admin-filters">
            {PERIODS.map((d) => (
              <Text key={d} className={`yb-choice ${days === d ? 'yb-choice--on' : ''}`} onClick={() => setDays(d)} data-testid={`quality-period-${d}`}>
                {t('quality.lastDays', { n: d })}
              </Text>
            ))}
          </View>
          <InlineError message={csvError} />
          {!member || (report.loading && !r) ? <LoadingState /> : null}
          {report.error && !r ? <ErrorState error={report.error} title={t('quality.loadError')} onRetry={() => void report.reload()} /> : null}
          {r && r.responses === 0 ? <EmptyState title={t('quality.empty')} hint={t('quality.emptyHint')} /> : null}
          {r && r.responses > 0 ? (
            <>
              <View className="yb-quality-tiles" data-testid="quality-tiles">
                <View className="yb-quality-tile">
                  <Text className="yb-quality-tile__value" data-testid="quality-responses">
                    {r.responses}
                  </Text>
                  <Text className="yb-small">{t('quality.responses')}</Text>
                </View>
                <View className="yb-quality-tile">
                  <Text className="yb-quality-tile__value" data-testid="quality-nps">
                    {r.nps.score ?? '—'}
                  </Text>
                  <Text className="yb-small">{t('quality.npsDetail', { p: r.nps.promoters, d: r.nps.detractors })}</Text>
                </View>
                <View className="yb-quality-tile">
                  <Text className="yb-quality-tile__value">{r.boxes.topBoxShare === null ? '—' : `${Math.round(r.boxes.topBoxShare * 100)}%`}</Text>
                  <Text className="yb-small">{t('quality.topBoxDetail')}</Text>
                </View>
                <View className="yb-quality-tile yb-quality-tile--link" onClick={() => void Taro.navigateTo({ url: SERVICE_ISSUES_PAGE })}>
                  <Text className="yb-quality-tile__value">{r.issues.open}</Text>
                  <Text className="yb-small">{t('quality.issues', { overdue: r.issues.overdue })}</Text>
                </View>
              </View>
              <Text className="yb-section__title">{t('quality.heatmap')}</Text>
              <Text className="yb-small">{t('quality.heatmapHint')}</Text>
              <GapHeatMap cells={touchpointCells(r.grid)} />
              {r.overTime.length ? (
                <>
                  <Text className="yb-section__title">{t('quality.overTime')}</Text>
                  <Text className="yb-small">{t('quality.overTimeHint')}</Text>
                  <GapHeatMap cells={weekCells(r.overTime)} columns="week" testId="quality-heatmap-weeks" />
                </>
              ) : null}
              {axes && r.lowest.length ? (
                <>
                  <Text className="yb-section__title">{t('quality.lowest')}</Text>
                  <View className="yb-admin-list" data-testid="quality-lowest">
                    {r.lowest.map((c) => (
                      <View key={`${c.dimension}-${c.touchpoint ?? ''}`} className="yb-admin-row yb-quality-lowest">
                        <Text className="yb-quality-gap" style={{ background: gapColour(c.gap) }}>
                          {c.gap > 0 ? '+' : ''}
                          {c.gap}
                        </Text>
                        <Text>
                          {axes.pointLabel(c.touchpoint ?? '')} · {axes.dimLabel(c.dimension)}
                        </Text>
                        <Text className="yb-small">{t('quality.cellDetail', { e: c.expectation, p: c.perception, n: c.n })}</Text>
                      </View>
                    ))}
                  </View>
                </>
              ) : null}
              <Text className="yb-section__title">{t('quality.trend')}</Text>
              <QualityTrend trend={r.trend} />
              {r.byDepartment.length ? (
                <>
                  <Text className="yb-section__title">{t('quality.departments')}</Text>
                  <View className="yb-admin-list" data-testid="quality-departments">
                    {r.byDepartment.map((d) => (
                      <View key={d.departmentId} className="yb-admin-row yb-quality-lowest">
                        <Text className="yb-quality-gap" style={d.gap === null ? undefined : { background: gapColour(d.gap) }}>
                          {d.gap === null ? '—' : `${d.gap > 0 ? '+' : ''}${d.gap}`}
                        </Text>
                        <Text>{d.name}</Text>
                        <Text className="yb-small">{t('quality.departmentDetail', { nps: d.nps ?? '—', n: d.responses })}</Text>
                      </View>
                    ))}
                  </View>
                </>
              ) : null}
            </>
          ) : null}
          {r && r.responses === 0 ? <Button onClick={() => void Taro.navigateTo({ url: SERVICE_ISSUES_PAGE })}>{t('quality.toIssues')}</Button> : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
