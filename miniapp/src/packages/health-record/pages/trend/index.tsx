import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { MEASUREMENT_KINDS, type MeasurementKind } from '@yiban/shared';
import { useState } from 'react';
import { ListRow, Section } from '../../../../components/ListRow';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import type { MessageKey } from '../../../../i18n';
import { addMyMeasurement, myMeasurements, removeMyMeasurement } from '../../../../services/health-record';
import { toApiError } from '../../../../services/errors';
import { useAppState } from '../../../../store/app-store';
import { formatSentAt } from '../../../../utils/message-format';
import { authorText, readingText } from '../../components/health-format';
import { ReadingForm } from '../../components/ReadingForm';
import { TrendChart } from '../../components/TrendChart';
import '../../health-record.css';
import { addDays, hospitalDate } from '../../../../utils/clinic-time';

const RANGES = [30, 90, 365] as const;

/**
 * YYYY-MM-DD `days` before today in the hospital's time zone, as the server reads the range (the device's own date
 * was a day behind Beijing's between midnight and 08:00 on a device in UTC, and that day's readings fell outside).
 */
const daysAgo = (days: number) => addDays(hospitalDate(new Date()), -days);

function Trend(props: { kind: MeasurementKind; adding: boolean }) {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const [days, setDays] = useState<(typeof RANGES)[number]>(90);
  const [adding, setAdding] = useState(props.adding);
  const series = useQuery(() => myMeasurements(props.kind, { from: daysAgo(days - 1), to: daysAgo(0) }), [patientId, props.kind, days]);
  const kindName = t(`health.kind.${props.kind}` as MessageKey);
  const items = series.data?.items ?? [];
  const remove = async (id: string) => {
    const answer = await Taro.showModal({ content: t('health.removeConfirm'), confirmText: t('health.remove'), cancelText: t('health.cancel') });
    if (!answer.confirm) return;
    try {
      await removeMyMeasurement(id);
      void Taro.showToast({ title: t('health.removed'), icon: 'none' });
      await series.reload();
    } catch (e) {
      void Taro.showToast({ title: toApiError(e, locale).message, icon: 'none' });
    }
  };
  return (
    <View data-testid="health-trend" data-kind={props.kind}>
      <View className="yb-choices yb-health-kinds" role="tablist">
        {MEASUREMENT_KINDS.map((k) => (
          <View
            key={k}
            className={`yb-choice ${k === props.kind ? 'yb-choice--on' : ''}`}
            role="tab"
            aria-selected={k === props.kind}
            onClick={() => k !== props.kind && void Taro.redirectTo({ url: `/packages/health-record/pages/trend/index?kind=${k}` })}
          >
            {t(`health.kind.${k}` as MessageKey)}
          </View>
        ))}
      </View>
      {adding ? (
        <Section title={t('health.record')}>
          <ReadingForm
            kind={props.kind}
            onCancel={() => setAdding(false)}
            onSubmit={async (input) => {
              await addMyMeasurement(input);
              void Taro.showToast({ title: t('health.saved'), icon: 'success' });
              setAdding(false);
              await series.reload();
            }}
          />
        </Section>
      ) : (
        <View className="yb-actions yb-health-add">
          <Button type="primary" size="large" block onClick={() => setAdding(true)} data-testid="trend-add">
            {t('health.record')}
          </Button>
        </View>
      )}
      <View className="yb-choices yb-health-ranges" role="radiogroup">
        {RANGES.map((d) => (
          <View
            key={d}
            className={`yb-choice ${d === days ? 'yb-choice--on' : ''}`}
            role="radio"
            aria-checked={d === days}
            data-testid={`trend-range-${d}`}
            onClick={() => setDays(d)}
          >
            {t(`health.range.${d}` as MessageKey)}
          </View>
        ))}
      </View>
      {series.loading && !series.data ? <LoadingState /> : null}
      {series.error && !series.data ? <ErrorState error={series.error} title={t('health.loadError')} onRetry={() => void series.reload()} /> : null}
      {series.data && !items.length ? (
        <EmptyState icon="calendarPlus" title={t('health.emptyTrend', { kind: kindName })} hint={t('health.emptyTrendHint')} />
      ) : null}
      {items.length ? (
        <>
          <View className="yb-card yb-card--padded">
            <TrendChart kind={props.kind} items={items} />
          </View>
          <Section title={t('health.readings')}>
            <View className="yb-card">
              {[...items].reverse().map((m) => (
                <View key={m.id} data-testid="health-reading" data-id={m.id}>
                  <ListRow
                    title={readingText(m, t)}
                    hint={[formatSentAt(m.measuredAt, locale, new Date()), m.note, authorText(m.enteredBy, t)].filter(Boolean).join(' · ')}
                    extra={
                      <Text className="yb-link yb-danger" onClick={() => void remove(m.id)} data-testid="reading-remove">
                        {t('health.remove')}
                      </Text>
                    }
                  />
                </View>
              ))}
            </View>
          </Section>
        </>
      ) : null}
    </View>
  );
}

/** 测量趋势: one kind of reading over 30 days, 90 days or a year, the readings under it, and adding one. */
export default function HealthTrendPage() {
  const { params } = useRouter();
  const kind = (MEASUREMENT_KINDS as readonly string[]).includes(params.kind ?? '') ? (params.kind as MeasurementKind) : 'blood_pressure';
  return (
    <Page title="health.trendTitle">
      <PatientGate>
        <Trend key={kind} kind={kind} adding={params.add === '1'} />
      </PatientGate>
    </Page>
  );
}
