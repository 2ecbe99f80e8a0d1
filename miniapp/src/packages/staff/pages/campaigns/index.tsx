import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { CAMPAIGN_STATUSES, type CampaignStatus, type CampaignView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { listCampaigns } from '../../../../services/campaigns';
import { describeSchedule, hospitalDateTime, kindLabel, statusCounts } from '../../../../utils/campaigns';
import { CAMPAIGN_PAGES, editUrl, resultsUrl } from '../../campaign-pages';
import { ChoiceRow } from '../../components/ChoiceRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../campaigns.css';

type StatusFilter = CampaignStatus | 'all';
const MAX_PAGES = 20;

/** Every campaign (a hospital has hundreds at most): pages followed to the end, so counts and search see them all. */
async function allCampaigns(): Promise<CampaignView[]> {
  const out: CampaignView[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await listCampaigns({ cursor, limit: 100 });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

function CampaignRow(props: { campaign: CampaignView }) {
  const { t, locale } = useI18n();
  const c = props.campaign;
  const editable = c.status === 'draft';
  return (
    <View
      className="yb-admin-row yb-admin-row--link"
      data-testid="campaign-item"
      data-campaign-id={c.id}
      data-status={c.status}
      onClick={() => void Taro.navigateTo({ url: editable ? editUrl(c.id) : resultsUrl(c.id) })}
    >
      <View className="yb-admin-row__head">
        <Text className="yb-admin-row__title">{c.name}</Text>
        <Text className="yb-admin-tag" data-testid="campaign-status">
          {t(`campaign.status.${c.status}`)}
        </Text>
      </View>
      {c.status === 'paused' && c.pausedReason === 'daily_limit' ? <Text className="yb-campaign-banner">{t('campaigns.pausedLimit')}</Text> : null}
      <View className="yb-admin-row__tags">
        <Text className="yb-admin-row__meta">{kindLabel(c.messageKind, locale)}</Text>
        <Text className="yb-admin-row__meta">{c.segment.name}</Text>
        <Text className="yb-admin-row__meta">{describeSchedule(c.schedule, locale)}</Text>
      </View>
      <View className="yb-admin-row__tags">
        <Text className="yb-admin-row__meta">{t('campaigns.by', { name: c.author.name })}</Text>
        <Text className="yb-admin-row__meta">
          {c.nextRunAt ? t('campaigns.next', { time: hospitalDateTime(c.nextRunAt) }) : t('campaigns.updated', { time: hospitalDateTime(c.updatedAt) })}
        </Text>
      </View>
    </View>
  );
}

/** 推送活动 (marketing, admins): every campaign by status with counts, a search, and the way to a new one. */
export default function CampaignsPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [q, setQ] = useState('');
  const campaigns = useQuery(allCampaigns, [], !!member);
  const { reload } = campaigns;
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from the wizard or the results: what changed there shows here.
  useDidShow(() => {
    if (member) void reload();
  });

  const all = campaigns.data;
  const counts = all ? statusCounts(all) : null;
  const words = q.trim().toLowerCase();
  const shown = all?.filter((c) => (status === 'all' || c.status === status) && (!words || c.name.toLowerCase().includes(words)));
  const isAdmin = member?.roles.includes('admin') ?? false;

  return (
    <Page title="campaigns.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="campaigns" /> : <View />}
      <ConsoleMain>
        <View data-testid="campaigns">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('campaigns.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void Taro.navigateTo({ url: CAMPAIGN_PAGES.calendar })} data-testid="campaigns-calendar">
              {t('campaigns.toCalendar')}
            </Text>
            {isAdmin ? (
              <Text className="yb-textbutton" onClick={() => void Taro.navigateTo({ url: CAMPAIGN_PAGES.approvals })} data-testid="campaigns-approvals">
                {t('campaigns.toApprovals')}
              </Text>
            ) : null}
            <Text className="yb-textbutton" onClick={() => void reload()} data-testid="campaigns-refresh">
              {t('admin.refresh')}
            </Text>
          </View>
          <Text className="yb-muted">{t('campaigns.intro')}</Text>
          <View className="yb-campaign-actions">
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: editUrl() })} data-testid="campaigns-new">
              {t('campaigns.new')}
            </Button>
          </View>
          <View className="yb-admin-filters">
            <Input
              className="yb-input yb-admin-search"
              value={q}
              placeholder={t('campaigns.search')}
              onInput={(e) => setQ(e.detail.value)}
              data-testid="campaigns-search"
            />
            <ChoiceRow<StatusFilter>
              label=""
              testId="campaigns-filter-status"
              value={status}
              onChange={setStatus}
              options={[
                { value: 'all', label: t('campaigns.count', { label: t('campaigns.all'), n: all?.length ?? 0 }) },
                ...CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t('campaigns.count', { label: t(`campaign.status.${s}`), n: counts?.[s] ?? 0 }) })),
              ]}
            />
          </View>
          {!member || (campaigns.loading && !all) ? <LoadingState /> : null}
          {campaigns.error && !all ? <ErrorState error={campaigns.error} title={t('campaigns.loadError')} onRetry={() => void reload()} /> : null}
          {all && all.length === 0 ? <EmptyState title={t('campaigns.empty')} hint={t('campaigns.emptyHint')} /> : null}
          {all && all.length > 0 && shown?.length === 0 ? <EmptyState title={t('campaigns.noMatch')} hint={t('campaigns.noMatchHint')} /> : null}
          {shown && shown.length > 0 ? (
            <View className={`yb-admin-list ${campaigns.loading ? 'yb-admin-list--stale' : ''}`} data-testid="campaigns-list">
              {shown.map((c) => (
                <CampaignRow key={c.id} campaign={c} />
              ))}
            </View>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
