import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { HEALTH_ENTRY_KINDS, type HealthEntryKind } from '@yiban/shared';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { addMyEntry, myHealthRecord, removeMyEntry, replaceMyEntry } from '../../../../services/health-record';
import { useAppState } from '../../../../store/app-store';
import { EntryForm } from '../../components/EntryForm';
import '../../health-record.css';

function Entry(props: { kind: HealthEntryKind; id?: string }) {
  const { t } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const record = useQuery(myHealthRecord, [patientId], Boolean(props.id));
  const done = async (title: string) => {
    void Taro.showToast({ title, icon: 'success' });
    await Taro.navigateBack();
  };
  if (props.id) {
    if (record.loading && !record.data) return <LoadingState />;
    if (record.error) return <ErrorState error={record.error} title={t('health.loadError')} onRetry={() => void record.reload()} />;
  }
  const r = record.data;
  const existing = props.id && r ? ([...r.allergies, ...r.conditions, ...r.medications].find((e) => e.id === props.id) ?? null) : null;
  const { id } = props;
  return (
    <View data-testid="health-entry-page">
      <EntryForm
        kind={existing?.kind ?? props.kind}
        initial={existing}
        onSubmit={async (input) => {
          if (id && existing) await replaceMyEntry(id, input);
          else await addMyEntry(input);
          await done(t('health.saved'));
        }}
        onRemove={
          id && existing
            ? async () => {
                const answer = await Taro.showModal({ content: t('health.removeConfirm'), confirmText: t('health.remove'), cancelText: t('health.cancel') });
                if (!answer.confirm) return;
                await removeMyEntry(id);
                await done(t('health.removed'));
              }
            : undefined
        }
      />
    </View>
  );
}

/** An allergy, a condition or a medicine: added (`kind`) or edited (`id`). */
export default function HealthEntryPage() {
  const { params } = useRouter();
  const kind = (HEALTH_ENTRY_KINDS as readonly string[]).includes(params.kind ?? '') ? (params.kind as HealthEntryKind) : 'allergy';
  return (
    <Page title="health.entryTitle">
      <PatientGate>
        <Entry kind={kind} id={params.id} />
      </PatientGate>
    </Page>
  );
}
