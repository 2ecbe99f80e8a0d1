import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { MEASUREMENT_KINDS, type HealthEntryKind, type HealthEntryView, type HealthRecordView } from '@yiban/shared';
import { ListRow, Section } from '../../../../components/ListRow';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { openConsent, PatientGate } from '../../../../components/PatientGate';
import { ErrorState, ListSkeleton } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import type { MessageKey } from '../../../../i18n';
import { HEALTH_ENTRY_PAGE, HEALTH_TREND_PAGE, myHealthRecord } from '../../../../services/health-record';
import { useAppState } from '../../../../store/app-store';
import { formatSentAt } from '../../../../utils/message-format';
import { authorText, entryDetail, readingText } from '../../components/health-format';
import '../../health-record.css';

const SECTIONS: { kind: HealthEntryKind; list: keyof Pick<HealthRecordView, 'allergies' | 'conditions' | 'medications'> }[] = [
  { kind: 'allergy', list: 'allergies' },
  { kind: 'condition', list: 'conditions' },
  { kind: 'medication', list: 'medications' },
];

function Record() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const record = useQuery(myHealthRecord, [patientId]);
  usePullDownRefresh(() => {
    void record.reload().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from adding a reading or an entry.
  useReloadOnShow(() => record.reload());
  const r = record.data;
  if (record.loading && !r) return <ListSkeleton rows={4} />;
  if (record.error && !r) return <ErrorState error={record.error} title={t('health.loadError')} onRetry={() => void record.reload()} />;
  if (!r) return null;
  const open = (url: string) => () => void Taro.navigateTo({ url });
  const entryRow = (e: HealthEntryView) => (
    <View key={e.id} data-testid="health-entry" data-kind={e.kind} data-active={e.active ? 'yes' : 'no'}>
      <ListRow
        title={e.name}
        hint={[entryDetail(e, t), authorText(e.enteredBy, t)].filter(Boolean).join(' · ') || undefined}
        arrow
        onClick={open(`${HEALTH_ENTRY_PAGE}?kind=${e.kind}&id=${e.id}`)}
      />
    </View>
  );
  return (
    <View data-testid="health-record">
      <Text className="yb-muted">{t('health.intro')}</Text>
      <View
        className={`yb-notice ${r.sharedWithCareTeam ? 'yb-notice--ok' : 'yb-notice--warning'} yb-health-sharing`}
        data-testid="health-sharing"
        data-shared={r.sharedWithCareTeam ? 'yes' : 'no'}
      >
        <Text className="yb-notice__text">{r.sharedWithCareTeam ? t('health.shared') : t('health.notShared')}</Text>
        {!r.sharedWithCareTeam ? (
          <Button size="small" type="primary" onClick={() => openConsent(patientId ?? undefined)}>
            {t('health.regrant')}
          </Button>
        ) : null}
      </View>
      <Section title={t('health.latest')}>
        <View className="yb-health-latest">
          {MEASUREMENT_KINDS.map((kind) => {
            const latest = r.latest[kind];
            return (
              <View
                key={kind}
                className="yb-card yb-health-latest__card"
                data-testid={`health-latest-${kind}`}
                onClick={open(`${HEALTH_TREND_PAGE}?kind=${kind}`)}
              >
                <Text className="yb-health-latest__kind">{t(`health.kind.${kind}` as MessageKey)}</Text>
                <Text className="yb-health-latest__value">{latest ? readingText(latest, t) : t('health.noReading')}</Text>
                {latest ? <Text className="yb-small">{formatSentAt(latest.measuredAt, locale, new Date())}</Text> : null}
                <View className="yb-health-latest__actions">
                  <Text
                    className="yb-link"
                    data-testid={`health-record-${kind}`}
                    onClick={(ev) => {
                      ev.stopPropagation();
                      void Taro.navigateTo({ url: `${HEALTH_TREND_PAGE}?kind=${kind}&add=1` });
                    }}
                  >
                    {t('health.record')}
                  </Text>
                  <Text className="yb-link">{t('health.seeTrend')}</Text>
                </View>
              </View>
            );
          })}
        </View>
      </Section>
      {SECTIONS.map(({ kind, list }) => (
        <Section key={kind} title={t(`health.section.${kind}` as MessageKey)}>
          <View className="yb-card" data-testid={`health-section-${kind}`}>
            {r[list].length ? r[list].map(entryRow) : <Text className="yb-health-empty">{t(`health.empty.${kind}` as MessageKey)}</Text>}
            <ListRow
              icon="calendarPlus"
              title={t(`health.add.${kind}` as MessageKey)}
              onClick={open(`${HEALTH_ENTRY_PAGE}?kind=${kind}`)}
              testId={`health-add-${kind}`}
            />
          </View>
        </Section>
      ))}
    </View>
  );
}

/** 健康档案: the acting profile's allergies, conditions, medicines and latest readings; who may see it. */
export default function HealthRecordPage() {
  return (
    <Page title="health.title">
      <PatientGate>
        <Record />
      </PatientGate>
    </Page>
  );
}
