import { Text, Textarea, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { FollowupBox, FollowupOutcome, WorkbenchTaskView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { toApiError } from '../../../../services/errors';
import { completeTask, followupReport, followupReportCsv, rescheduleTask, taskAnswers, workbench } from '../../../../services/followups';
import { addDays, formatDate, hospitalDate } from '../../../../utils/clinic-time';
import { HealthRecordPanel } from '../../../health-record/components/HealthRecordPanel';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { saveCsv } from '../../csv-download';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

const BOXES: FollowupBox[] = ['escalated', 'today', 'overdue', 'upcoming', 'done'];

/** The outcomes each task may record (the server checks the same list). */
function outcomesFor(task: WorkbenchTaskView): FollowupOutcome[] {
  if (task.escalated) return ['reached', 'referred_to_doctor', 'advised_visit', 'advised_emergency', 'no_answer', 'wrong_number'];
  switch (task.kind) {
    case 'call':
      return ['reached', 'reached_concern', 'no_answer', 'wrong_number', 'declined'];
    case 'questionnaire':
      return ['answered_by_phone', 'not_reached', 'declined'];
    case 'revisit':
      return ['booked', 'declined', 'not_reached', 'reached'];
    default:
      return ['sent', 'reached', 'not_reached'];
  }
}

/** What the patient answered (the questionnaire behind a step or a red flag), read on demand: each read is audited. */
function Answers(props: { taskId: string }) {
  const { t, locale } = useI18n();
  const answers = useQuery(() => taskAnswers(props.taskId), [props.taskId, locale]);
  if (answers.loading && !answers.data) return <LoadingState />;
  if (answers.error) return <InlineError message={answers.error.message} />;
  const a = answers.data;
  if (!a) return null;
  if (!a.items.length) return <Text className="yb-small">{t('workbench.noAnswers')}</Text>;
  return (
    <View className="yb-issue-evidence" data-testid="followup-answers">
      <Text className="yb-field__label">{a.title}</Text>
      {a.items.map((i) => (
        <Text
          key={i.itemId}
          className={`yb-issue-evidence__line ${i.redFlag ? 'yb-danger-text' : ''}`}
          data-testid="followup-answer-line"
          data-red-flag={i.redFlag ? 'yes' : 'no'}
        >
          {t('workbench.flag', { text: i.text, value: i.answer })}
        </Text>
      ))}
    </View>
  );
}

/** One task: who, what, the red flags, a call button, and recording the outcome or moving it. */
function TaskCard(props: { task: WorkbenchTaskView; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const [task, setTask] = useState(props.task);
  const [outcome, setOutcome] = useState<FollowupOutcome | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<'answers' | 'record' | null>(null);
  const today = hospitalDate(new Date());
  const hasAnswers = task.escalated || (task.kind === 'questionnaire' && task.outcome === 'answered');
  const act = async (work: () => Promise<WorkbenchTaskView>, toast: string) => {
    setBusy(true);
    setError(null);
    try {
      setTask(await work());
      setOutcome(null);
      setNote('');
      void Taro.showToast({ title: toast, icon: 'none' });
      props.onChanged();
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };
  const save = () => {
    if (!outcome) return setError(t('workbench.chooseOutcome'));
    return act(() => completeTask(task.id, { outcome, ...(note.trim() && { note: note.trim() }) }), t('workbench.saved'));
  };
  return (
    <View
      className={`yb-admin-row ${task.escalated ? 'yb-admin-row--alert' : ''}`}
      data-testid="followup-task"
      data-task-id={task.id}
      data-kind={task.kind}
      data-status={task.status}
      data-escalated={task.escalated ? 'yes' : 'no'}
    >
      <View className="yb-admin-row__head">
        <Text className="yb-admin-row__title">{task.patient.name ?? t('workbench.noName')}</Text>
        <Text className={`yb-admin-tag ${task.escalated || task.overdue ? 'yb-admin-tag--warn' : ''}`}>
          {task.escalated ? t('workbench.box.escalated') : t(`followups.kind.${task.kind}`)}
        </Text>
      </View>
      <Text className="yb-admin-row__meta">{task.title}</Text>
      <View className="yb-admin-row__tags">
        <Text className="yb-admin-row__meta">{t('workbench.plan', { name: task.plan.templateName, date: formatDate(task.plan.startsOn, locale) })}</Text>
        <Text className="yb-admin-row__meta">{t('workbench.dueOn', { date: formatDate(task.dueOn, locale) })}</Text>
        {task.overdue ? <Text className="yb-admin-row__meta">{t('workbench.overdueTag')}</Text> : null}
        {task.attempts ? <Text className="yb-admin-row__meta">{t('workbench.attempts', { n: task.attempts })}</Text> : null}
        <Text className="yb-admin-row__meta">{task.caseManager ? t('workbench.cm', { name: task.caseManager.name }) : t('workbench.pool')}</Text>
      </View>
      {task.escalation?.length ? (
        <View className="yb-issue-evidence" data-testid="followup-flags">
          <Text className="yb-field__label">{t('workbench.flags')}</Text>
          {task.escalation.map((f) => (
            <Text key={f.itemId} className="yb-issue-evidence__line">
              {t('workbench.flag', { text: f.text, value: f.value })}
            </Text>
          ))}
        </View>
      ) : null}
      {task.note ? <Text className="yb-issue-evidence__quote">{task.note}</Text> : null}
      <View className="yb-toolbar">
        {hasAnswers ? (
          <Text className="yb-textbutton" onClick={() => setOpen(open === 'answers' ? null : 'answers')} data-testid="followup-show-answers">
            {t('workbench.answers')}
          </Text>
        ) : null}
        <Text className="yb-textbutton" onClick={() => setOpen(open === 'record' ? null : 'record')} data-testid="followup-show-record">
          {t('workbench.healthRecord')}
        </Text>
      </View>
      {open === 'answers' ? <Answers taskId={task.id} /> : null}
      {open === 'record' ? <HealthRecordPanel patientId={task.patient.id} /> : null}
      {task.status === 'pending' ? (
        <>
          {task.patient.phone ? (
            <Text
              className="yb-textbutton"
              onClick={() => void Taro.makePhoneCall({ phoneNumber: task.patient.phone! }).catch(() => undefined)}
              data-testid="followup-call"
            >
              {t('workbench.call', { phone: task.patient.phone })}
            </Text>
          ) : (
            <Text className="yb-small">{t('workbench.noPhone')}</Text>
          )}
          <View className="yb-field">
            <Text className="yb-field__label">{t('workbench.outcomeLabel')}</Text>
            <View className="yb-choices">
              {outcomesFor(task).map((o) => (
                <Text
                  key={o}
                  className={`yb-choice ${outcome === o ? 'yb-choice--on' : ''}`}
                  onClick={() => setOutcome(o)}
                  data-testid={`followup-outcome-${o}`}
                >
                  {t(`workbench.outcome.${o}`)}
                </Text>
              ))}
            </View>
            <Textarea
              className="yb-campaign-textarea"
              value={note}
              maxlength={500}
              placeholder={t('workbench.notePlaceholder')}
              onInput={(e) => setNote(e.detail.value)}
              data-testid="followup-note"
            />
            <Button type="primary" loading={busy} disabled={busy} onClick={() => void save()} data-testid="followup-save">
              {t('workbench.save')}
            </Button>
          </View>
          <View className="yb-toolbar">
            <Text className="yb-toolbar__label">{t('workbench.rescheduleTo')}</Text>
            {[1, 2, 7].map((n) => (
              <Text
                key={n}
                className="yb-choice"
                onClick={() => void act(() => rescheduleTask(task.id, addDays(today, n)), t('workbench.rescheduled'))}
                data-testid={`followup-move-${n}`}
              >
                {formatDate(addDays(today, n), locale)}
              </Text>
            ))}
          </View>
        </>
      ) : (
        <Text className="yb-admin-row__meta" data-testid="followup-outcome">
          {task.outcome ? t(`workbench.outcome.${task.outcome}`) : t(`followups.status.${task.status}`)}
        </Text>
      )}
      <InlineError message={error} />
    </View>
  );
}

/** Completion and escalation by plan and by case manager (aggregates), for admins. */
function Report() {
  const { t, locale } = useI18n();
  const report = useQuery(() => followupReport({}), [locale]);
  const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
  const r = report.data;
  if (!r) return report.loading ? <LoadingState /> : null;
  return (
    <View className="yb-admin-list" data-testid="followup-report">
      <View className="yb-console__bar">
        <Text className="yb-console__title">{t('workbench.report')}</Text>
        <Text
          className="yb-textbutton"
          onClick={() => void followupReportCsv({}).then((csv) => saveCsv(csv, `followups-${r.from}-${r.to}.csv`, 'followup-csv-file'))}
          data-testid="followup-csv"
        >
          {t('workbench.report.csv')}
        </Text>
      </View>
      {(['template', 'case_manager'] as const).map((by) => (
        <View key={by}>
          <Text className="yb-field__label">{by === 'template' ? t('workbench.report.byTemplate') : t('workbench.report.byManager')}</Text>
          {r.rows
            .filter((row) => row.by === by)
            .map((row) => (
              <View key={`${by}-${row.id ?? 'pool'}`} className="yb-admin-row__tags" data-testid="followup-report-row">
                <Text className="yb-admin-row__title">{row.name}</Text>
                <Text className="yb-admin-row__meta">{t('workbench.report.due', { n: row.due })}</Text>
                <Text className="yb-admin-row__meta">{t('workbench.report.completion', { rate: pct(row.completionRate) })}</Text>
                <Text className="yb-admin-row__meta">{t('workbench.report.escalation', { rate: pct(row.escalationRate) })}</Text>
                <Text className="yb-admin-row__meta">{t('workbench.report.overdue', { n: row.overdue })}</Text>
              </View>
            ))}
        </View>
      ))}
    </View>
  );
}

/** 随访工作台: red flags first, then today's, overdue and upcoming tasks; each call's outcome recorded where it is read. */
export default function FollowupWorkbenchPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const [box, setBox] = useState<FollowupBox>('escalated');
  const tasks = useQuery(() => workbench(box), [box], !!member);
  usePullDownRefresh(() => {
    void tasks.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const counts = tasks.data?.counts;
  const items = tasks.data?.items;
  return (
    <Page title="workbench.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="followups" /> : <View />}
      <ConsoleMain>
        <View data-testid="followup-workbench">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('workbench.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void tasks.reload()} data-testid="followup-refresh">
              {t('admin.refresh')}
            </Text>
          </View>
          <Text className="yb-muted">{t('workbench.intro')}</Text>
          <View className="yb-choices yb-admin-filters">
            {BOXES.map((b) => (
              <Text key={b} className={`yb-choice ${box === b ? 'yb-choice--on' : ''}`} onClick={() => setBox(b)} data-testid={`followup-box-${b}`}>
                {t(`workbench.box.${b}`)}
                {counts && b !== 'done' ? ` ${counts[b]}` : ''}
              </Text>
            ))}
          </View>
          {!member || (tasks.loading && !items) ? <LoadingState /> : null}
          {tasks.error && !items ? <ErrorState error={tasks.error} title={t('workbench.loadError')} onRetry={() => void tasks.reload()} /> : null}
          {items && items.length === 0 ? <EmptyState title={t('workbench.empty')} hint={t(`workbench.emptyHint.${box}`)} /> : null}
          {items ? (
            <View className="yb-admin-list" key={box}>
              {items.map((task) => (
                <TaskCard key={task.id} task={task} onChanged={() => void tasks.reload()} />
              ))}
            </View>
          ) : null}
          {member?.roles.includes('admin') ? <Report /> : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
