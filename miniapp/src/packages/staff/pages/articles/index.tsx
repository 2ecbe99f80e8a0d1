import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { ARTICLE_STATUSES, type ArticleStatus } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { staffArticles } from '../../../../services/content';
import { ArticleRow } from '../../components/ArticleRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

const EDIT_PAGE = '/packages/staff/pages/article-edit/index';

/** 内容库: every article by status (with how many each holds), found by title words; write a new one or open one to edit. */
export default function ArticlesPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const [status, setStatus] = useState<ArticleStatus | 'all'>('all');
  const [words, setWords] = useState('');
  const [q, setQ] = useState('');
  const list = useCursorPages({
    load: (cursor) => staffArticles({ status: status === 'all' ? undefined : status, q: q || undefined, cursor: cursor ?? undefined, limit: 20 }),
    idOf: (a) => a.id,
    key: JSON.stringify([status, q, locale]),
    enabled: !!member,
  });
  const { refresh, loadMore } = list;
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());
  useReloadOnShow(() => refresh());

  const counts = list.first?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
  const items = list.items;
  return (
    <Page title="article.libraryTitle" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="content" /> : <View />}
      <ConsoleMain>
        <View data-testid="article-library">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('article.libraryTitle')}</Text>
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: EDIT_PAGE })} data-testid="article-new">
              {t('article.new')}
            </Button>
          </View>
          <View className="yb-toolbar" data-testid="article-status-filter">
            {(['all', ...ARTICLE_STATUSES] as const).map((s) => (
              <Text
                key={s}
                className={`yb-choice ${status === s ? 'yb-choice--on' : ''}`}
                data-value={s}
                data-on={status === s ? 'yes' : 'no'}
                onClick={() => setStatus(s)}
              >
                {s === 'all' ? t('article.all') : t(`article.status.${s}`)}
                {counts ? ` ${s === 'all' ? total : counts[s]}` : ''}
              </Text>
            ))}
          </View>
          <View className="yb-toolbar">
            <Input
              className="yb-input"
              value={words}
              placeholder={t('article.search')}
              confirmType="search"
              onInput={(e) => setWords(e.detail.value)}
              onConfirm={() => setQ(words.trim())}
              onBlur={() => setQ(words.trim())}
              data-testid="article-search"
            />
          </View>
          {!member || (list.loading && !items) ? <LoadingState /> : null}
          {list.error && !items ? <ErrorState error={list.error} title={t('article.loadError')} onRetry={() => void refresh()} /> : null}
          {items && items.length === 0 && !list.loading ? <EmptyState title={t('article.empty')} hint={t('article.emptyHint')} /> : null}
          {items && items.length > 0 ? (
            <View className="yb-admin-list" data-testid="article-list">
              {items.map((a) => (
                <ArticleRow key={a.id} article={a} onClick={() => void Taro.navigateTo({ url: `${EDIT_PAGE}?id=${a.id}` })} />
              ))}
            </View>
          ) : null}
          {list.moreError ? <InlineError message={t('admin.moreError', { message: list.moreError.message })} /> : null}
          {items && list.nextCursor ? (
            <Button size="large" block loading={list.loadingMore} onClick={() => void loadMore()}>
              {t('admin.loadMore')}
            </Button>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
