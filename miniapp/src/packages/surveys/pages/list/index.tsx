import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { SurveyInvitationView } from '@yiban/shared';
import { ListRow, Section } from '../../../../components/ListRow';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, ListSkeleton } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { SURVEY_ANSWER_PAGE, myInvitations } from '../../../../services/surveys';
import { useAppState } from '../../../../store/app-store';
import { formatDate, hospitalDate } from '../../../../utils/clinic-time';
import '../../surveys.css';

function Invitations() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const list = useQuery(myInvitations, [patientId, locale]);
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from answering one: it moves to 已完成.
  useReloadOnShow(() => list.reload());
  const items = list.data;
  if (list.loading && !items) return <ListSkeleton rows={3} />;
  if (list.error && !items) return <ErrorState error={list.error} title={t('surveys.listError')} onRetry={() => void list.reload()} />;
  if (!items) return null;
  if (!items.length) return <EmptyState icon="inbox" title={t('surveys.listEmpty')} hint={t('surveys.listEmptyHint')} />;
  const when = (inv: SurveyInvitationView) =>
    inv.status === 'answered'
      ? t('surveys.answeredOn', { date: formatDate(hospitalDate(inv.answeredAt!), locale) })
      : inv.status === 'expired'
        ? t('surveys.expiredOn', { date: formatDate(hospitalDate(inv.expiresAt), locale) })
        : t('surveys.dueBy', { date: formatDate(hospitalDate(inv.expiresAt), locale) });
  const pending = items.filter((i) => i.status === 'pending');
  const rest = items.filter((i) => i.status !== 'pending');
  const row = (inv: SurveyInvitationView) => (
    <View key={inv.id} data-testid="survey-invitation" data-status={inv.status} data-id={inv.id}>
      <ListRow
        title={inv.template.title}
        hint={when(inv)}
        extra={<Text className={`yb-survey-status yb-survey-status--${inv.status}`}>{t(`surveys.status.${inv.status}`)}</Text>}
        arrow={inv.status === 'pending'}
        onClick={inv.status === 'pending' ? () => void Taro.navigateTo({ url: `${SURVEY_ANSWER_PAGE}?id=${inv.id}` }) : undefined}
      />
    </View>
  );
  return (
    <View data-testid="survey-list">
      <Text className="yb-muted">{t('surveys.listIntro')}</Text>
      {pending.length ? <Section title={t('surveys.status.pending')}>{pending.map(row)}</Section> : null}
      {rest.length ? <Section>{rest.map(row)}</Section> : null}
    </View>
  );
}

/** 问卷调查: the acting profile's invitations, those to answer first. */
export default function SurveyListPage() {
  return (
    <Page title="surveys.listTitle">
      <PatientGate>
        <Invitations />
      </PatientGate>
    </Page>
  );
}
