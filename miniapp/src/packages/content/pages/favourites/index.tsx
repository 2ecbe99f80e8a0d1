import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, InlineError, ListSkeleton } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { CONTENT_FEED_PAGE, favouriteArticles } from '../../../../services/content';
import { useAppState } from '../../../../store/app-store';
import { ArticleCard } from '../../ArticleCard';
import '../../content.css';

function Favourites() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const list = useCursorPages({
    load: (cursor) => favouriteArticles(cursor ?? undefined),
    idOf: (a) => a.id,
    key: JSON.stringify([patientId, locale]),
  });
  const { refresh, loadMore } = list;
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());
  // Back from an article (saved or not any more): show what changed.
  useReloadOnShow(() => refresh());

  const items = list.items;
  return (
    <View data-testid="content-favourites">
      {list.loading && !items ? <ListSkeleton rows={3} /> : null}
      {list.error && !items ? <ErrorState error={list.error} title={t('content.feedError')} onRetry={() => void refresh()} /> : null}
      {items && items.length === 0 && !list.loading ? (
        <EmptyState
          icon="inbox"
          title={t('content.favouritesEmpty')}
          hint={t('content.favouritesEmptyHint')}
          action={
            <Button type="primary" size="large" onClick={() => void Taro.navigateTo({ url: CONTENT_FEED_PAGE })}>
              {t('content.goFeed')}
            </Button>
          }
        />
      ) : null}
      {items && items.length > 0 ? (
        <View className="yb-article-cards">
          {items.map((a) => (
            <ArticleCard key={a.id} article={a} />
          ))}
        </View>
      ) : null}
      {list.moreError ? <InlineError message={t('content.moreError', { message: list.moreError.message })} /> : null}
      {items && list.nextCursor ? (
        <View className="yb-actions">
          <Button size="large" block loading={list.loadingMore} disabled={list.loadingMore} onClick={() => void loadMore()}>
            {list.loadingMore ? t('content.loadingMore') : t('content.loadMore')}
          </Button>
        </View>
      ) : null}
      {items && items.length > 0 && !list.nextCursor ? <Text className="yb-small">{t('content.allShown')}</Text> : null}
    </View>
  );
}

/** 我的收藏: the acting profile's saved articles, latest saved first. */
export default function ContentFavouritesPage() {
  return (
    <Page title="content.favouritesTitle">
      <PatientGate browse>
        <Favourites />
      </PatientGate>
    </Page>
  );
}
