import { Text, View } from '@tarojs/components';
import { MEMBER_TIER_LABELS, type ClvReport, type TierMigrationReport, type TierReport } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';
import { formatFen } from '../../../utils/money';
import { TIER_COLOURS, percentText } from './member-chart-data';

/**
 * The membership charts in the WeChat build: bars drawn with Views and the matrix as a table (no chart library in the
 * mini-program's package). The H5 console draws them with ECharts (`MemberCharts.h5.tsx`).
 */

function Bars(props: { rows: { key: string; label: string; value: number; text: string; colour: string }[]; testId: string }) {
  const top = Math.max(1, ...props.rows.map((r) => r.value));
  return (
    <View className="yb-quality-table" data-testid={props.testId}>
      {props.rows.map((r) => (
        <View key={r.key} className="yb-quality-table__row">
          <Text className="yb-quality-table__head">{r.label}</Text>
          <View className="yb-quality-table__cell">
            <View style={{ width: `${Math.round((r.value / top) * 100)}%`, height: '12px', background: r.colour, borderRadius: '6px' }} />
          </View>
          <Text className="yb-quality-table__cell">{r.text}</Text>
        </View>
      ))}
    </View>
  );
}

export function TierPie(props: { report: TierReport }) {
  const { locale } = useI18n();
  return (
    <Bars
      testId="member-tier-chart"
      rows={props.report.tiers.map((x) => ({
        key: x.tier,
        label: locale === 'en' ? MEMBER_TIER_LABELS[x.tier].en : MEMBER_TIER_LABELS[x.tier].zh,
        value: x.patients,
        text: `${x.patients} · ${percentText(x.share)}`,
        colour: TIER_COLOURS[x.tier],
      }))}
    />
  );
}

export function RevenueBars(props: { report: TierReport }) {
  const { locale } = useI18n();
  return (
    <Bars
      testId="member-revenue-chart"
      rows={props.report.tiers.map((x) => ({
        key: x.tier,
        label: locale === 'en' ? MEMBER_TIER_LABELS[x.tier].en : MEMBER_TIER_LABELS[x.tier].zh,
        value: x.revenue,
        text: formatFen(x.revenue),
        colour: TIER_COLOURS[x.tier],
      }))}
    />
  );
}

export function MigrationHeatMap(props: { report: TierMigrationReport }) {
  const { t, locale } = useI18n();
  const name = (x: keyof typeof MEMBER_TIER_LABELS) => (locale === 'en' ? MEMBER_TIER_LABELS[x].en : MEMBER_TIER_LABELS[x].zh);
  const max = Math.max(1, ...props.report.matrix.flat());
  return (
    <View className="yb-quality-table" data-testid="member-migration-chart">
      <View className="yb-quality-table__row">
        <Text className="yb-quality-table__head">{t('memberReports.rowHead')}</Text>
        {props.report.tiers.map((x) => (
          <Text key={x} className="yb-quality-table__head">
            {name(x)}
          </Text>
        ))}
      </View>
      {props.report.tiers.map((from, i) => (
        <View key={from} className="yb-quality-table__row">
          <Text className="yb-quality-table__head">{name(from)}</Text>
          {props.report.matrix[i]!.map((n, j) => (
            <Text key={j} className="yb-quality-table__cell" style={{ background: `rgba(11, 110, 110, ${(0.08 + (0.6 * n) / max).toFixed(2)})` }}>
              {n}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

export function LtvLine(props: { report: ClvReport }) {
  const { t } = useI18n();
  return (
    <Bars
      testId="member-ltv-chart"
      rows={props.report.rows.map((r) => ({
        key: String(r.year),
        label: t('memberReports.yearN', { n: r.year, year: r.calendarYear }),
        value: r.lifetimeValue,
        text: formatFen(r.lifetimeValue),
        colour: '#0b6e6e',
      }))}
    />
  );
}
