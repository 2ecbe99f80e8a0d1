import { Text, Textarea, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { CampaignView, SegmentView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { campaignAction, listCampaigns, listSegments, rejectCampaign } from '../../../../services/campaigns';
import { toApiError } from '../../../../services/errors';
import { describeSchedule, hospitalDateTime, kindLabel } from '../../../../utils/campaigns';
import { resultsUrl } from '../../campaign-pages';
import { CampaignPreview } from '../../components/CampaignPreview';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../campaigns.css';

async function inReview(): Promise<CampaignView[]> {
  const out: CampaignView[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const page = await listCampaigns({ status: 'in_review', cursor, limit: 100 });
    out.push(...page.items.filter((c) => c.status === 'in_review'));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** One campaign waiting: who wrote it, to whom, what they will read, when; approve, or send back with a reason. */
function ApprovalCard(props: { campaign: CampaignView; segment: SegmentView | undefined; memberId: string }) {
  const { t, locale } = useI18n();
  const [campaign, setCampaign] = useState(props.campaign);
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | 'schedule' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const own = campaign.author.id === props.memberId;
  const count = props.segment?.lastCount;

  const act = async (kind: 'approve' | 'reject' | 'schedule') => {
    if (kind === 'reject' && !comment.trim()) {
      setError(t('approvals.commentRequired'));
      return;
    }
    setBusy(kind);
    setError(null);
    try {
      const result = kind === 'reject' ? await rejectCampaign(campaign.id, comment.trim()) : await campaignAction(campaign.id, kind);
      setCampaign(result);
      setRejecting(false);
      void Taro.showToast({
        title: t(kind === 'approve' ? 'approvals.approved' : kind === 'reject' ? 'approvals.rejected' : 'approvals.scheduled'),
        icon: 'none',
      });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="yb-campaign-panel" data-testid="approval-item" data-campaign-id={campaign.id} data-status={campaign.status} data-own={own ? 'yes' : 'no'}>
      <View className="yb-admin-row__head">
        <Text className="yb-admin-row__title">{campaign.name}</Text>
        <Text className="yb-admin-tag" data-testid="approval-status">
          {t(`campaign.status.${campaign.status}`)}
        </Text>
      </View>
      <View className="yb-admin-row__tags">
        <Text className="yb-admin-row__meta" data-testid="approval-author">
          {t('approvals.author', { name: campaign.author.name })}
        </Text>
        <Text className="yb-admin-row__meta" data-testid="approval-audience">
          {count === null || count === undefined
            ? t('approvals.audienceNoCount', { name: campaign.segment.name })
            : t('approvals.audience', { name: campaign.segment.name, n: count })}
        </Text>
        <Text className="yb-admin-row__meta">{kindLabel(campaign.messageKind, locale)}</Text>
        <Text className="yb-admin-row__meta">{t(`campaign.landing.${campaign.landing?.type ?? 'none'}`)}</Text>
        <Text className="yb-admin-row__meta">{describeSchedule(campaign.schedule, locale)}</Text>
        {campaign.nextRunAt ? <Text className="yb-admin-row__meta">{t('campaigns.next', { time: hospitalDateTime(campaign.nextRunAt) })}</Text> : null}
      </View>
      <CampaignPreview kind={campaign.messageKind} content={campaign.content} />
      <InlineError message={error} />
      {campaign.status === 'in_review' && own ? <Text className="yb-campaign-banner">{t('approvals.own')}</Text> : null}
      {campaign.status === 'in_review' && !own ? (
        <>
          {rejecting ? (
            <View className="yb-field">
              <Text className="yb-field__label">{t('approvals.rejectComment')}</Text>
              <Textarea
                className="yb-campaign-textarea"
                value={comment}
                maxlength={500}
                onInput={(e) => setComment(e.detail.value)}
                data-testid="approval-comment"
              />
            </View>
          ) : null}
          <View className="yb-campaign-actions">
            {!rejecting ? (
              <Button type="primary" loading={busy === 'approve'} disabled={busy !== null} onClick={() => void act('approve')} data-testid="approval-approve">
                {t('approvals.approve')}
              </Button>
            ) : null}
            <Button
              loading={busy === 'reject'}
              disabled={busy !== null}
              onClick={() => (rejecting ? void act('reject') : setRejecting(true))}
              data-testid={rejecting ? 'approval-reject-confirm' : 'approval-reject'}
            >
              {rejecting ? t('approvals.rejectConfirm') : t('approvals.reject')}
            </Button>
          </View>
        </>
      ) : null}
      {campaign.status === 'approved' ? (
        <View className="yb-campaign-actions">
          <Button type="primary" loading={busy === 'schedule'} disabled={busy !== null} onClick={() => void act('schedule')} data-testid="approval-schedule">
            {t('approvals.schedule')}
          </Button>
          <Text className="yb-textbutton" onClick={() => void Taro.navigateTo({ url: resultsUrl(campaign.id) })}>
            {t('results.title')} ›
          </Text>
        </View>
      ) : null}
    </View>
  );
}

/** 推送审批 (admins): campaigns in review; the author never sees approve on their own (the server refuses it anyway). */
export default function CampaignApprovalsPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const campaigns = useQuery(inReview, [], !!member);
  const segments = useQuery(listSegments, [], !!member);
  const { reload } = campaigns;
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  const items = campaigns.data;
  return (
    <Page title="approvals.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="campaignApprovals" /> : <View />}
      <ConsoleMain>
        <View data-testid="campaign-approvals">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('approvals.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void reload()} data-testid="approvals-refresh">
              {t('admin.refresh')}
            </Text>
          </View>
          <Text className="yb-muted">{t('approvals.intro')}</Text>
          {!member || (campaigns.loading && !items) ? <LoadingState /> : null}
          {campaigns.error && !items ? <ErrorState error={campaigns.error} title={t('approvals.loadError')} onRetry={() => void reload()} /> : null}
          {items && items.length === 0 ? <EmptyState title={t('approvals.empty')} hint={t('approvals.emptyHint')} /> : null}
          {member && items
            ? items.map((c) => <ApprovalCard key={c.id} campaign={c} segment={segments.data?.find((s) => s.id === c.segment.id)} memberId={member.id} />)
            : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
