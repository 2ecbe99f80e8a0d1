import { Text, Textarea, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { ServiceIssueDetail, ServiceIssueStatusFilter, ServiceIssueView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { toApiError } from '../../../../services/errors';
import { getServiceIssue, listServiceIssues, noteServiceIssue, resolveServiceIssue, serviceIssueSummary, takeServiceIssue } from '../../../../services/surveys';
import { hospitalDateTime } from '../../../../utils/campaigns';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { InviteBox } from '../../components/InviteBox';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

const FILTERS: ServiceIssueStatusFilter[] = ['open', 'overdue', 'resolved', 'all'];

/** What the patient said, the notes, and the actions: take it, note a call, resolve it (the patient reads the resolution). */
function IssueDetail(props: { issue: ServiceIssueDetail; onChanged: (issue: ServiceIssueDetail) => void }) {
  const { t, locale } = useI18n();
  const { issue } = props;
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState<'take' | 'note' | 'resolve' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (kind: 'take' | 'note' | 'resolve') => {
    if (kind === 'note' && !note.trim()) return setError(t('issues.noteRequired'));
    if (kind === 'resolve' && !resolution.trim()) return setError(t('issues.resolutionRequired'));
    setBusy(kind);
    setError(null);
    try {
      const next =
        kind === 'take'
          ? await takeServiceIssue(issue.id)
          : kind === 'note'
            ? await noteServiceIssue(issue.id, note.trim())
            : await resolveServiceIssue(issue.id, resolution.trim());
      props.onChanged(next);
      if (kind === 'note') setNote('');
      if (kind === 'resolve') void Taro.showToast({ title: t('issues.resolvedToast'), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <View className="yb-issue-detail" data-testid="issue-detail">
      {issue.nps !== null ? <Text className="yb-admin-row__meta">{t('issues.nps', { n: issue.nps })}</Text> : null}
      {issue.lowRatings.length ? (
        <View className="yb-issue-evidence">
          <Text className="yb-field__label">{t('issues.lowRatings')}</Text>
          {issue.lowRatings.map((r) => (
            <Text key={r.itemId} className="yb-issue-evidence__line" data-testid="issue-low-rating">
              {t('issues.rating', { text: r.text, value: r.value, scale: r.scale })}
            </Text>
          ))}
        </View>
      ) : null}
      {issue.patientWords.length ? (
        <View className="yb-issue-evidence">
          <Text className="yb-field__label">{t('issues.patientWords')}</Text>
          {issue.patientWords.map((w, i) => (
            <Text key={i} className="yb-issue-evidence__quote" data-testid="issue-patient-words">
              “{w}”
            </Text>
          ))}
        </View>
      ) : null}
      {issue.notes.length ? (
        <View className="yb-issue-evidence">
          <Text className="yb-field__label">{t('issues.notes')}</Text>
          {issue.notes.map((n) => (
            <Text key={n.id} className="yb-issue-evidence__line" data-testid="issue-note">
              {hospitalDateTime(n.createdAt)} {n.staff.name}：{n.text}
            </Text>
          ))}
        </View>
      ) : null}
      {issue.status === 'resolved' ? (
        <>
          <View className="yb-issue-evidence">
            <Text className="yb-field__label">{t('issues.resolution')}</Text>
            <Text className="yb-issue-evidence__line" data-testid="issue-resolution">
              {issue.resolution}
            </Text>
          </View>
          <InviteBox patientId={issue.patient.id} />
        </>
      ) : (
        <>
          {!issue.assignedTo ? (
            <Button loading={busy === 'take'} disabled={busy !== null} onClick={() => void act('take')} data-testid="issue-take">
              {t('issues.take')}
            </Button>
          ) : null}
          <View className="yb-field">
            <Text className="yb-field__label">{t('issues.addNote')}</Text>
            <Textarea className="yb-campaign-textarea" value={note} maxlength={1000} onInput={(e) => setNote(e.detail.value)} data-testid="issue-note-input" />
            <Button disabled={busy !== null} loading={busy === 'note'} onClick={() => void act('note')} data-testid="issue-note-save">
              {t('issues.saveNote')}
            </Button>
          </View>
          <View className="yb-field">
            <Text className="yb-field__label">{t('issues.resolveLabel')}</Text>
            <Text className="yb-small">{t('issues.resolveHint')}</Text>
            <Textarea
              className="yb-campaign-textarea"
              value={resolution}
              maxlength={1000}
              onInput={(e) => setResolution(e.detail.value)}
              data-testid="issue-resolution-input"
            />
            <Button type="primary" disabled={busy !== null} loading={busy === 'resolve'} onClick={() => void act('resolve')} data-testid="issue-resolve">
              {t('issues.resolve')}
            </Button>
          </View>
        </>
      )}
      <InlineError message={error} />
    </View>
  );
}

function IssueRow(props: { issue: ServiceIssueView; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<ServiceIssueDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const issue: ServiceIssueView = detail ?? props.issue;
  const toggle = async () => {
    if (open) return setOpen(false);
    setOpen(true);
    if (detail) return;
    setLoading(true);
    setError(null);
    try {
      setDetail(await getServiceIssue(issue.id));
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setLoading(false);
    }
  };
  return (
    <View className="yb-admin-row" data-testid="issue-row" data-issue-id={issue.id} data-status={issue.status} data-overdue={issue.overdue ? 'yes' : 'no'}>
      <View className="yb-admin-row__head" onClick={() => void toggle()}>
        <Text className="yb-admin-row__title">{issue.patient.name ?? t('issues.noName')}</Text>
        <Text className={`yb-admin-tag ${issue.overdue ? 'yb-admin-tag--warn' : ''}`} data-testid="issue-status">
          {issue.status === 'resolved' ? t('issues.status.resolved') : issue.overdue ? t('issues.status.overdue') : t('issues.status.open')}
        </Text>
      </View>
      <View className="yb-admin-row__tags" onClick={() => void toggle()}>
        {issue.reasons.map((r) => (
          <Text key={r} className="yb-admin-row__meta">
            {t(`issues.reason.${r}`)}
          </Text>
        ))}
        <Text className="yb-admin-row__meta">{t('issues.opened', { time: hospitalDateTime(issue.createdAt) })}</Text>
        {issue.status === 'open' ? <Text className="yb-admin-row__meta">{t('issues.due', { time: hospitalDateTime(issue.dueAt) })}</Text> : null}
        {issue.escalatedAt ? <Text className="yb-admin-row__meta">{t('issues.escalated')}</Text> : null}
        <Text className="yb-admin-row__meta">{issue.assignedTo ? t('issues.owner', { name: issue.assignedTo.name }) : t('issues.unassigned')}</Text>
      </View>
      {open && loading ? <LoadingState /> : null}
      <InlineError message={error} />
      {open && detail ? (
        <IssueDetail
          issue={detail}
          onChanged={(next) => {
            setDetail(next);
            props.onChanged();
          }}
        />
      ) : null}
    </View>
  );
}

/** 服务补救: issues opened by patients' answers (a low score, a detractor, a complaint), by SLA; each resolved with the patient told. */
export default function ServiceIssuesPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const [filter, setFilter] = useState<ServiceIssueStatusFilter>('open');
  const issues = useQuery(() => listServiceIssues(filter), [filter], !!member);
  const summary = useQuery(serviceIssueSummary, [], !!member);
  const reload = () => Promise.all([issues.reload(), summary.reload()]);
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  const s = summary.data;
  const items = issues.data?.items;
  return (
    <Page title="issues.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="serviceIssues" /> : <View />}
      <ConsoleMain>
        <View data-testid="service-issues">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('issues.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void reload()} data-testid="issues-refresh">
              {t('admin.refresh')}
            </Text>
          </View>
          <Text className="yb-muted">{t('issues.intro')}</Text>
          {s ? (
            <View className="yb-admin-row__tags" data-testid="issues-summary">
              <Text className="yb-admin-row__meta">{t('issues.summaryOpen', { n: s.open })}</Text>
              <Text className="yb-admin-row__meta">{t('issues.summaryOverdue', { n: s.overdue })}</Text>
              <Text className="yb-admin-row__meta">{t('issues.summaryResolved', { n: s.resolved })}</Text>
              {s.meanHoursToResolve !== null ? <Text className="yb-admin-row__meta">{t('issues.summaryHours', { n: s.meanHoursToResolve })}</Text> : null}
            </View>
          ) : null}
          <View className="yb-choices yb-admin-filters">
            {FILTERS.map((f) => (
              <Text key={f} className={`yb-choice ${filter === f ? 'yb-choice--on' : ''}`} onClick={() => setFilter(f)} data-testid={`issues-filter-${f}`}>
                {t(`issues.filter.${f}`)}
              </Text>
            ))}
          </View>
          {!member || (issues.loading && !items) ? <LoadingState /> : null}
          {issues.error && !items ? <ErrorState error={issues.error} title={t('issues.loadError')} onRetry={() => void reload()} /> : null}
          {items && items.length === 0 ? <EmptyState title={t('issues.empty')} hint={t('issues.emptyHint')} /> : null}
          {items ? (
            <View className="yb-admin-list">
              {items.map((i) => (
                <IssueRow key={i.id} issue={i} onChanged={() => void summary.reload()} />
              ))}
            </View>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
