import { Text, View } from '@tarojs/components';
import type { StaffArticleView } from '@yiban/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../../hooks/use-i18n';

/** One article in the console's lists: status, title, author, reading figures, the reviewer's last comment. */
export function ArticleRow(props: { article: StaffArticleView; onClick?: () => void; children?: ReactNode }) {
  const { t, locale } = useI18n();
  const a = props.article;
  const when = a.publishAt ?? a.publishedAt;
  return (
    <View className="yb-admin-row" data-testid="article-row" data-article-id={a.id} data-status={a.status} onClick={props.onClick}>
      <View className="yb-admin-row__head">
        <Text
          className={`yb-status yb-status--${a.status === 'published' ? 'good' : a.status === 'in_review' || a.status === 'scheduled' ? 'attention' : 'neutral'}`}
          data-testid="article-status"
        >
          {t(`article.status.${a.status}`)}
        </Text>
        <Text className="yb-admin-row__title" data-testid="article-row-title">
          {a.title}
        </Text>
      </View>
      {a.summary ? <Text className="yb-admin-row__sub">{a.summary}</Text> : null}
      <View className="yb-admin-row__tags">
        <Text className="yb-admin-tag">{t(`article.language.${a.language}`)}</Text>
        {a.tags.map((tag) => (
          <Text key={tag} className="yb-admin-tag">
            {tag}
          </Text>
        ))}
        {a.authorName ? <Text className="yb-admin-row__meta">{t('article.by', { name: a.authorName })}</Text> : null}
        {a.status === 'scheduled' && when ? (
          <Text className="yb-admin-row__meta">{t('article.publishAt', { time: new Date(when).toLocaleString(locale, { hour12: false }) })}</Text>
        ) : null}
        {a.status === 'published' ? (
          <Text className="yb-admin-row__meta" data-testid="article-stats">
            {t('article.stats', { reads: a.stats.reads, readers: a.stats.readers, seconds: a.stats.averageSeconds, favourites: a.stats.favourites })}
          </Text>
        ) : null}
      </View>
      {a.reviewComment && a.status === 'draft' ? <Text className="yb-admin-row__sub">{t('article.reviewComment', { comment: a.reviewComment })}</Text> : null}
      {props.children}
    </View>
  );
}
