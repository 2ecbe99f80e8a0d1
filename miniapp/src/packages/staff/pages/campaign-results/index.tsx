import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { CampaignView, RecipientOutcome } from '@yiban/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import type { MessageKey } from '../../../../i18n';
import {
  campaignAction,
  campaignRecipients,
  campaignRecipientsCsv,
  campaignStats,
  campaignTimeline,
  getCampaign,
  type CampaignAction,
} from '../../../../services/campaigns';
import { toApiError } from '../../../../services/errors';
import {
  breakdown,
  campaignActions,
  describeSchedule,
  funnel,
  hospitalDateTime,
  kindLabel,
  LIVE_STATUSES,
  reasonLabel,
  sum,
  timelineSeries,
} from '../../../../utils/campaigns';
import { editUrl } from '../../campaign-pages';
import { FunnelChart, TimelineChart } from '../../components/CampaignCharts';
import { ChoiceRow } from '../../components/ChoiceRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import { saveCsv } from '../../csv-download';
import '../../staff.css';
import '../../admin.css';
import '../../campaigns.css';

const LIVE_REFRESH_MS = 5_000;
const OUTCOMES: readonly RecipientOutcome[] = ['sent', 'skipped', 'failed', 'queued', 'sending', 'unknown', 'held', 'cancelled'];
type OutcomeFilter = RecipientOutcome | 'all';

const CONFIRM: Partial<Record<CampaignAction, MessageKey>> = {
  pause: 'results.confirmPause',
  resume: 'results.confirmResume',
  cancel: 'results.confirmCancel',
  schedule: 'results.confirmSchedule',
};

/** Saves the recipients' CSV (H5: a download; the WeChat build cannot save files, so it says where to do it). */
async function exportCsv(campaign: CampaignView): Promise<string | null> {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return null;
  return saveCsv(await campaignRecipientsCsv(campaign.id), `campaign-${campaign.id}-recipients.csv`, 'results-csv-link');
}

/** 推送效果: the counts, the funnel and the timeline, every recipient's outcome, CSV, and pause / resume / cancel. */
export default function CampaignResultsPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const campaignId = decodeURIComponent(Taro.getCurrentInstance().router?.params?.id ?? '');
  const enabled = !!member && !!campaignId;
  const campaign = useQuery(() => getCampaign(campaignId), [campaignId], enabled);
  const stats = useQuery(() => campaignStats(campaignId), [campaignId], enabled);
  const [bucket, setBucket] = useState<'hour' | 'day'>('hour');
  const timeline = useQuery(() => campaignTimeline(campaignId, bucket), [campaignId, bucket], enabled);
  const [outcome, setOutcome] = useState<OutcomeFilter>('all');
  const recipients = useCursorPages({
    load: (cursor) => campaignRecipients(campaignId, { status: outcome === 'all' ? undefined : outcome, cursor, limit: 50 }),
    idOf: (r) => r.patientId,
    key: `${campaignId}:${outcome}`,
    enabled,
  });
  const [busy, setBusy] = useState<CampaignAction | 'export' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const { reload: reloadCampaign } = campaign;
  const { reload: reloadStats } = stats;
  const { reload: reloadTimeline } = timeline;
  const { refresh: refreshRecipients, loadMore } = recipients;
  const refreshAll = () => Promise.all([reloadCampaign(), reloadStats(), reloadTimeline(), refreshRecipients()]).then(() => undefined);
  usePullDownRefresh(() => {
    void refreshAll().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  const c = campaign.data;
  const live = !!c && LIVE_STATUSES.includes(c.status);
  // While sending, the numbers move: refresh every few seconds (not the recipients' pages the reader may be paging).
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => {
      void reloadCampaign();
      void reloadStats();
      void reloadTimeline();
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, reloadCampaign, reloadStats, reloadTimeline]);

  const act = async (action: CampaignAction) => {
    if (!c) return;
    const confirmKey = CONFIRM[action];
    if (confirmKey) {
      const { confirm } = await Taro.showModal({ title: t(`results.${action}` as MessageKey), content: t(confirmKey, { name: c.name }) });
      if (!confirm) return;
    }
    setBusy(action);
    setError(null);
    try {
      await campaignAction(c.id, action);
      void Taro.showToast({ title: t('results.done'), icon: 'none' });
      await refreshAll();
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const doExport = async () => {
    if (!c) return;
    setBusy('export');
    setError(null);
    try {
      const file = await exportCsv(c);
      void Taro.showToast({ title: file ? t('results.exported', { file }) : t('results.exportWeapp'), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const s = stats.data;
  const actions = c ? campaignActions(c.status) : [];
  const items = recipients.items;

  return (
    <Page title="results.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="campaigns" /> : <View />}
      <ConsoleMain>
        <View data-testid="campaign-results" data-campaign-id={campaignId} data-status={c?.status ?? ''}>
          <View className="yb-console__bar">
            <Text className="yb-console__title">{c?.name ?? t('results.title')}</Text>
            {c ? (
              <Text className="yb-admin-tag" data-testid="results-status">
                {t(`campaign.status.${c.status}`)}
              </Text>
            ) : null}
            <Text className="yb-textbutton" onClick={() => void refreshAll()} data-testid="results-refresh">
              {t('results.refresh')}
            </Text>
          </View>
          {!member || (campaign.loading && !c) ? <LoadingState /> : null}
          {campaign.error && !c ? <ErrorState error={campaign.error} title={t('results.loadError')} onRetry={() => void refreshAll()} /> : null}
          {c ? (
            <>
              <Text className="yb-muted">
                {kindLabel(c.messageKind, locale)} · {c.segment.name} · {describeSchedule(c.schedule, locale)}
                {c.nextRunAt ? ` · ${t('campaigns.next', { time: hospitalDateTime(c.nextRunAt) })}` : ''}
              </Text>
              {c.status === 'paused' ? (
                <Text className="yb-campaign-banner" data-testid="results-paused" data-reason={c.pausedReason ?? ''}>
                  {c.pausedReason === 'daily_limit' ? t('results.dailyLimit') : t('results.pausedByStaff')}
                </Text>
              ) : null}
              {live ? (
                <Text className="yb-small" data-testid="results-live">
                  {t('results.live')}
                </Text>
              ) : null}
              {c.reviews
                .filter((r) => r.action === 'rejected' && r.comment)
                .slice(-1)
                .map((r) => (
                  <Text key={r.at} className="yb-campaign-banner">
                    {t('wizard.review.comment', { comment: r.comment! })}
                  </Text>
                ))}
              <View className="yb-campaign-actions">
                {actions.includes('edit') ? (
                  <Button onClick={() => void Taro.navigateTo({ url: editUrl(c.id) })} data-testid="results-edit">
                    {t('results.edit')}
                  </Button>
                ) : null}
                {(['schedule', 'pause', 'resume', 'cancel'] as const)
                  .filter((a) => actions.includes(a))
                  .map((a) => (
                    <Button
                      key={a}
                      type={a === 'cancel' ? 'danger' : a === 'pause' ? 'default' : 'primary'}
                      loading={busy === a}
                      disabled={busy !== null}
                      onClick={() => void act(a)}
                      data-testid={`results-${a}`}
                    >
                      {t(`results.${a}`)}
                    </Button>
                  ))}
                <Button loading={busy === 'export'} disabled={busy !== null} onClick={() => void doExport()} data-testid="results-export">
                  {busy === 'export' ? t('results.exporting') : t('results.export')}
                </Button>
              </View>
              <InlineError message={error} />
            </>
          ) : null}

          {stats.error && !s ? <ErrorState error={stats.error} title={t('results.loadError')} onRetry={() => void reloadStats()} /> : null}
          {s ? (
            <>
              <View className="yb-campaign-stats" data-testid="results-stats">
                {(
                  [
                    ['targeted', s.targeted],
                    ['sent', s.sent],
                    ['pending', s.pending],
                    ['skipped', sum(s.skipped)],
                    ['failed', sum(s.failed)],
                    ['opened', s.opened],
                    ['converted', s.converted],
                  ] as const
                ).map(([key, value]) => (
                  <View key={key} className="yb-campaign-stat" data-testid={`results-stat-${key}`} data-value={value}>
                    <Text className="yb-campaign-stat__value">{value}</Text>
                    <Text className="yb-campaign-stat__label">{t(`results.${key}`)}</Text>
                  </View>
                ))}
              </View>
              <Text className="yb-small">{t('results.convertedHint')}</Text>
              <Text className="yb-field__label">{t('results.funnel')}</Text>
              <FunnelChart steps={funnel(s)} />
              <View className="yb-campaign-stats">
                {(
                  [
                    ['results.skippedBy', breakdown(s.skipped), (k: string) => reasonLabel(k, locale)],
                    ['results.failedBy', breakdown(s.failed), (k: string) => t('results.errcode', { code: k })],
                  ] as const
                ).map(([label, rows, name]) => (
                  <View key={label} className="yb-campaign-stat" data-testid={`results-${label === 'results.skippedBy' ? 'skipped' : 'failed'}-by`}>
                    <Text className="yb-field__label">{t(label)}</Text>
                    {rows.length === 0 ? <Text className="yb-small">{t('results.none')}</Text> : null}
                    {rows.map((row) => (
                      <Text key={row.key} className="yb-small" data-key={row.key} data-count={row.count}>
                        {name(row.key)}: {row.count}
                      </Text>
                    ))}
                  </View>
                ))}
              </View>
            </>
          ) : null}

          <View className="yb-console__bar">
            <Text className="yb-field__label">{t('results.timeline')}</Text>
            <ChoiceRow
              label=""
              testId="results-bucket"
              value={bucket}
              onChange={setBucket}
              options={[
                { value: 'hour', label: t('results.bucket.hour') },
                { value: 'day', label: t('results.bucket.day') },
              ]}
            />
          </View>
          {timeline.data && timeline.data.length > 0 ? <TimelineChart data={timelineSeries(timeline.data, bucket)} /> : null}
          {timeline.data && timeline.data.length === 0 ? <Text className="yb-small">{t('results.noTimeline')}</Text> : null}
          {timeline.error ? <InlineError message={timeline.error.message} /> : null}

          <Text className="yb-field__label">{t('results.recipients')}</Text>
          <ChoiceRow
            label=""
            testId="results-outcome"
            value={outcome}
            onChange={setOutcome}
            options={[{ value: 'all', label: t('results.outcome.all') }, ...OUTCOMES.map((o) => ({ value: o, label: t(`results.outcome.${o}`) }))]}
          />
          {recipients.loading && !items ? <LoadingState /> : null}
          {recipients.error && !items ? (
            <ErrorState error={recipients.error} title={t('results.recipientsError')} onRetry={() => void refreshRecipients()} />
          ) : null}
          {items && items.length === 0 ? <EmptyState title={t('results.recipientsEmpty')} hint={t('results.recipientsEmptyHint')} /> : null}
          {items && items.length > 0 ? (
            <View className={`yb-admin-list ${recipients.loading ? 'yb-admin-list--stale' : ''}`} data-testid="results-recipients">
              {items.map((r) => (
                <View
                  key={r.patientId}
                  className="yb-admin-row"
                  data-testid="recipient-item"
                  data-patient-id={r.patientId}
                  data-status={r.status}
                  data-opened={r.openedAt ? 'yes' : 'no'}
                >
                  <View className="yb-admin-row__head">
                    <Text className="yb-admin-row__title">{r.patientName ?? t('results.unnamed')}</Text>
                    <Text className="yb-admin-tag">{t(`results.outcome.${r.status}`)}</Text>
                  </View>
                  <View className="yb-admin-row__tags">
                    {r.reason ? <Text className="yb-admin-row__meta">{reasonLabel(r.reason, locale)}</Text> : null}
                    {r.errcode !== null ? <Text className="yb-admin-row__meta">{t('results.errcode', { code: r.errcode })}</Text> : null}
                    {r.sentAt ? <Text className="yb-admin-row__meta">{t('results.sentAt', { time: hospitalDateTime(r.sentAt) })}</Text> : null}
                    {r.openedAt ? (
                      <Text className="yb-admin-row__meta" data-testid="recipient-opened">
                        {t('results.openedAt', { time: hospitalDateTime(r.openedAt) })}
                      </Text>
                    ) : null}
                  </View>
                </View>
              ))}
            </View>
          ) : null}
          {recipients.moreError ? <InlineError message={t('admin.moreError', { message: recipients.moreError.message })} /> : null}
          {items && recipients.nextCursor ? (
            <Button
              size="large"
              block
              loading={recipients.loadingMore}
              disabled={recipients.loadingMore}
              onClick={() => void loadMore()}
              data-testid="results-more"
            >
              {recipients.loadingMore ? t('admin.loadingMore') : t('admin.loadMore')}
            </Button>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
