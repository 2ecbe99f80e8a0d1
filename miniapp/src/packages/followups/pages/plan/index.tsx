import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { FollowupPlanView, FollowupTaskView } from '@yiban/shared';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, ListSkeleton } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { myFollowups } from '../../../../services/followups';
import { SURVEY_ANSWER_PAGE } from '../../../../services/surveys';
import { useAppState } from '../../../../store/app-store';
import { formatDate, hospitalDate } from '../../../../utils/clinic-time';
import '../../followups.css';

/** What the patient can do about a step: answer its questionnaire, book the revisit, read the article. */
function StepAction(props: { task: FollowupTaskView }) {
  const { t } = useI18n();
  const { task } = props;
  if (task.status !== 'pending' && task.kind !== 'education') return null;
  const go = (url: string) => () => void Taro.navigateTo({ url });
  if (task.kind === 'questionnaire' && task.invitationId)
    return (
      <Button
        type="primary"
        size="small"
        className="yb-step__action"
        onClick={go(`${SURVEY_ANSWER_PAGE}?id=${task.invitationId}`)}
        data-testid="followup-answer"
      >
        {t('followups.answer')}
      </Button>
    );
  if (task.kind === 'revisit' && task.status === 'pending')
    return (
      <Button
        type="primary"
        size="small"
        className="yb-step__action"
        onClick={go(`/packages/booking/pages/doctors/index${task.departmentId ? `?departmentId=${task.departmentId}` : ''}`)}
        data-testid="followup-book"
      >
        {t('followups.book')}
      </Button>
    );
  if (task.kind === 'education' && task.status === 'done')
    return (
      <Button
        size="small"
        className="yb-step__action"
        onClick={go(task.articleId ? `/packages/content/pages/article/index?id=${task.articleId}` : '/packages/content/pages/feed/index')}
        data-testid="followup-read"
      >
        {t('followups.read')}
      </Button>
    );
  return null;
}

function Plan(props: { plan: FollowupPlanView; today: string }) {
  const { t, locale } = useI18n();
  const { plan, today } = props;
  // Escalations are the care team's work; the patient is told what it means for them.
  const steps = plan.tasks.filter((task) => !task.escalated);
  const flagged = plan.tasks.some((task) => task.escalated && task.status === 'pending');
  const hint = (task: FollowupTaskView) =>
    task.status === 'pending'
      ? task.kind === 'call'
        ? t('followups.callHint')
        : task.kind === 'questionnaire' && !task.invitationId
          ? t('followups.questionnaireWaiting')
          : null
      : task.outcome === 'visited' || task.outcome === 'answered' || task.outcome === 'consent_withdrawn'
        ? t(`followups.outcome.${task.outcome}`)
        : null;
  return (
    <View className="yb-plan" data-testid="followup-plan" data-plan-id={plan.id} data-status={plan.status}>
      <View className="yb-plan__head">
        <Text className="yb-plan__name">{plan.templateName}</Text>
        <Text className="yb-step__kind">{t(`followups.planStatus.${plan.status}`)}</Text>
      </View>
      <Text className="yb-plan__meta">{t('followups.startedOn', { date: formatDate(plan.startsOn, locale) })}</Text>
      <Text className="yb-plan__meta">{plan.caseManager ? t('followups.caseManager', { name: plan.caseManager.name }) : t('followups.poolManager')}</Text>
      {flagged ? (
        <Text className="yb-plan__flag" data-testid="followup-red-flag">
          {t('followups.redFlag')}
        </Text>
      ) : null}
      <View className="yb-steps">
        {steps.map((task) => {
          const next = task.id === plan.nextTaskId;
          const h = hint(task);
          return (
            <View
              key={task.id}
              className={`yb-step ${task.status === 'done' ? 'yb-step--done' : ''} ${next ? 'yb-step--next' : ''}`}
              data-testid="followup-step"
              data-kind={task.kind}
              data-status={task.status}
            >
              <View className="yb-step__line">
                <Text className="yb-step__date">{task.dueOn === today ? t('followups.dueToday') : formatDate(task.dueOn, locale)}</Text>
                <Text className="yb-step__kind">{t(`followups.kind.${task.kind}`)}</Text>
                <Text>{task.title}</Text>
                <Text className="yb-step__status">{next ? t('followups.next') : t(`followups.status.${task.status}`)}</Text>
              </View>
              {h ? <Text className="yb-step__hint">{h}</Text> : null}
              <StepAction task={task} />
            </View>
          );
        })}
      </View>
    </View>
  );
}

function Plans() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const plans = useQuery(myFollowups, [patientId, locale]);
  usePullDownRefresh(() => {
    void plans.reload().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from a questionnaire or a booking: the step shows as done.
  useReloadOnShow(() => plans.reload());
  const items = plans.data;
  if (plans.loading && !items) return <ListSkeleton rows={4} />;
  if (plans.error && !items) return <ErrorState error={plans.error} title={t('followups.loadError')} onRetry={() => void plans.reload()} />;
  if (!items) return null;
  if (!items.length) return <EmptyState icon="inbox" title={t('followups.empty')} hint={t('followups.emptyHint')} />;
  const today = hospitalDate(new Date());
  return (
    <View data-testid="followup-plans">
      <Text className="yb-muted">{t('followups.intro')}</Text>
      {items.map((plan) => (
        <Plan key={plan.id} plan={plan} today={today} />
      ))}
    </View>
  );
}

/** 我的随访: the acting profile's follow-up plans as timelines — what is next, what is done, what to do now. */
export default function FollowupPlanPage() {
  return (
    <Page title="followups.title">
      <PatientGate>
        <Plans />
      </PatientGate>
    </Page>
  );
}
