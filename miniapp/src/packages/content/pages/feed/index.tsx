import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, InlineError, ListSkeleton } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { articleFeed } from '../../../../services/content';
import { useAppState } from '../../../../store/app-store';
import { ArticleCard } from '../../ArticleCard';
import '../../content.css';

function Feed() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const [tag, setTag] = useState<string | null>(null);
  // The topics to filter by: those of the unfiltered feed's first page (what this reader is offered).
  const [topics, setTopics] = useState<string[]>([]);
  const feed = useCursorPages({
    load: async (cursor) => {
      const page = await articleFeed({ tag: tag ?? undefined, cursor: cursor ?? undefined, limit: 10 });
      if (!tag && !cursor) setTopics([...new Set(page.items.flatMap((a) => a.tags))].slice(0, 12));
      return page;
    },
    idOf: (a) => a.id,
    key: JSON.stringify([patientId, tag, locale]),
  });
  const { refresh, loadMore } = feed;
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  const items = feed.items;
  return (
    <View data-testid="content-feed">
      <Text className="yb-muted">{t('content.feedIntro')}</Text>
      {topics.length ? (
        <View className="yb-article-filter" data-testid="content-tags">
          {[null, ...topics].map((topic) => (
            <Text
              key={topic ?? '*'}
              className={`yb-article-filter__chip ${tag === topic ? 'yb-article-filter__chip--on' : ''}`}
              data-testid="content-tag"
              data-on={tag === topic ? 'yes' : 'no'}
              onClick={() => setTag(topic)}
            >
              {topic ?? t('content.allTags')}
            </Text>
          ))}
        </View>
      ) : null}
      {feed.loading && !items ? <ListSkeleton rows={3} /> : null}
      {feed.error && !items ? <ErrorState error={feed.error} title={t('content.feedError')} onRetry={() => void refresh()} /> : null}
      {items && items.length === 0 && !feed.loading ? (
        tag ? (
          <EmptyState icon="inbox" title={t('content.feedEmptyTag')} hint={t('content.feedEmptyTagHint')} />
        ) : (
          <EmptyState icon="inbox" title={t('content.feedEmpty')} hint={t('content.feedEmptyHint')} />
        )
      ) : null}
      {items && items.length > 0 ? (
        <View className="yb-article-cards" data-testid="content-cards">
          {items.map((a) => (
            <ArticleCard key={a.id} article={a} />
          ))}
        </View>
      ) : null}
      {feed.moreError ? <InlineError message={t('content.moreError', { message: feed.moreError.message })} /> : null}
      {items && feed.nextCursor ? (
        <View className="yb-actions">
          <Button size="large" block loading={feed.loadingMore} disabled={feed.loadingMore} onClick={() => void loadMore()} data-testid="content-more">
            {feed.loadingMore ? t('content.loadingMore') : t('content.loadMore')}
          </Button>
        </View>
      ) : null}
      {items && items.length > 0 && !feed.nextCursor ? <Text className="yb-small">{t('content.allShown')}</Text> : null}
    </View>
  );
}

/** 健康科普: published articles for the acting profile — its language first, then its departments and interests. */
export default function ContentFeedPage() {
  return (
    <Page title="content.feedTitle">
      <PatientGate browse>
        <Feed />
      </PatientGate>
    </Page>
  );
}
