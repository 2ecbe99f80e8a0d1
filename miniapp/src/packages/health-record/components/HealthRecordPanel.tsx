import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { HEALTH_ENTRY_KINDS, MEASUREMENT_KINDS, type HealthEntryKind, type HealthEntryView, type MeasurementKind } from '@yiban/shared';
import { useState } from 'react';
import { ErrorState, LoadingState } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import { useQuery } from '../../../hooks/use-query';
import type { MessageKey } from '../../../i18n';
import { addPatientEntry, addPatientMeasurement, patientHealthRecord } from '../../../services/health-record';
import { formatSentAt } from '../../../utils/message-format';
import { entryDetail, readingText } from './health-format';
import { EntryForm } from './EntryForm';
import { ReadingForm } from './ReadingForm';
import { TrendChart } from './TrendChart';
import '../health-record.css';

type Adding = { what: 'reading'; kind: MeasurementKind } | { what: 'entry'; kind: HealthEntryKind } | null;

/**
 * A patient's health record for the care team (beside a chat, in a follow-up workbench): allergies first, conditions,
 * medicines, the latest readings and their trends over 90 days; adding a reading or an entry. Every load is an audited
 * read on the server. Without a care relationship, or when the patient's health-data consent is withdrawn, the server
 * shows nothing and the panel says why.
 */
export function HealthRecordPanel(props: { patientId: string; onChanged?: () => void }) {
  const { t, locale } = useI18n();
  const record = useQuery(() => patientHealthRecord(props.patientId), [props.patientId]);
  const [adding, setAdding] = useState<Adding>(null);
  if (record.loading && !record.data) return <LoadingState />;
  if (record.error?.code === 'HEALTH_RECORD_CONSENT_WITHDRAWN') {
    return (
      <View className="yb-notice yb-notice--warning yb-health-panel" data-testid="health-record-hidden">
        <Text className="yb-notice__text">{t('health.panel.hidden')}</Text>
      </View>
    );
  }
  if (record.error?.code === 'CARE_RELATIONSHIP_REQUIRED') {
    return (
      <View className="yb-notice yb-health-panel" data-testid="health-record-care">
        <Text className="yb-notice__text">{t('health.panel.care')}</Text>
      </View>
    );
  }
  if (record.error && !record.data) return <ErrorState error={record.error} title={t('health.loadError')} onRetry={() => void record.reload()} />;
  const r = record.data;
  if (!r) return null;
  const saved = async () => {
    setAdding(null);
    void Taro.showToast({ title: t('health.saved'), icon: 'success' });
    await record.reload();
    props.onChanged?.();
  };
  const entries = (list: HealthEntryView[], empty: string, testId: string, tone = '') => (
    <View data-testid={testId}>
      {list.length === 0 ? <Text className="yb-summary__row yb-small">{empty}</Text> : null}
      {list.map((e) => (
        <Text key={e.id} className={`yb-summary__row ${tone}`} data-testid="health-panel-entry" data-kind={e.kind}>
          {e.name}
          {entryDetail(e, t) ? ` · ${entryDetail(e, t)}` : ''}
        </Text>
      ))}
    </View>
  );
  const kindsWithReadings = MEASUREMENT_KINDS.filter((k) => r.recent.some((m) => m.kind === k));
  return (
    <View className="yb-health-panel" data-testid="health-record-panel" data-patient-id={r.patientId}>
      <Text className="yb-summary__title">{t('health.section.allergy')}</Text>
      {entries(r.allergies, t('health.panel.noAllergy'), 'health-panel-allergies', 'yb-health-allergy')}
      <Text className="yb-summary__title">{t('health.section.condition')}</Text>
      {entries(r.conditions, t('health.panel.none'), 'health-panel-conditions')}
      <Text className="yb-summary__title">{t('health.section.medication')}</Text>
      {entries(r.medications, t('health.panel.none'), 'health-panel-medications')}
      <Text className="yb-summary__title">{t('health.latest')}</Text>
      {MEASUREMENT_KINDS.map((k) => {
        const latest = r.latest[k];
        return (
          <Text key={k} className="yb-summary__row" data-testid={`health-panel-latest-${k}`}>
            {t(`health.kind.${k}` as MessageKey)}：
            {latest ? `${readingText(latest, t)} · ${formatSentAt(latest.measuredAt, locale, new Date())}` : t('health.noReading')}
          </Text>
        );
      })}
      {kindsWithReadings.length ? <Text className="yb-summary__title">{t('health.panel.trends')}</Text> : null}
      {kindsWithReadings.map((k) => (
        <View key={k} className="yb-health-panel__trend">
          <Text className="yb-small">{t(`health.kind.${k}` as MessageKey)}</Text>
          <TrendChart kind={k} items={r.recent} height={150} />
        </View>
      ))}
      <View className="yb-health-panel__actions">
        <Text className="yb-small">{t('health.panel.addReading')}</Text>
        <View className="yb-choices">
          {MEASUREMENT_KINDS.map((k) => (
            <View
              key={k}
              className={`yb-choice ${adding?.what === 'reading' && adding.kind === k ? 'yb-choice--on' : ''}`}
              data-testid={`health-panel-add-${k}`}
              onClick={() => setAdding({ what: 'reading', kind: k })}
            >
              {t(`health.kind.${k}` as MessageKey)}
            </View>
          ))}
        </View>
        <Text className="yb-small">{t('health.panel.addEntry')}</Text>
        <View className="yb-choices">
          {HEALTH_ENTRY_KINDS.map((k) => (
            <View
              key={k}
              className={`yb-choice ${adding?.what === 'entry' && adding.kind === k ? 'yb-choice--on' : ''}`}
              data-testid={`health-panel-add-${k}`}
              onClick={() => setAdding({ what: 'entry', kind: k })}
            >
              {t(`health.kind.${k}` as MessageKey)}
            </View>
          ))}
        </View>
      </View>
      {adding?.what === 'reading' ? (
        <ReadingForm
          key={`r-${adding.kind}`}
          kind={adding.kind}
          onCancel={() => setAdding(null)}
          onSubmit={async (input) => {
            await addPatientMeasurement(props.patientId, input);
            await saved();
          }}
        />
      ) : null}
      {adding?.what === 'entry' ? (
        <EntryForm
          key={`e-${adding.kind}`}
          kind={adding.kind}
          onCancel={() => setAdding(null)}
          onSubmit={async (input) => {
            await addPatientEntry(props.patientId, input);
            await saved();
          }}
        />
      ) : null}
      <Text className="yb-small">{t('health.panel.audited')}</Text>
    </View>
  );
}
