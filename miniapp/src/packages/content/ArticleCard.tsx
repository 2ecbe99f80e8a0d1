import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ArticleCard as Card } from '@yiban/shared';
import { apiBaseUrl } from '../../services/runtime-config';
import { CONTENT_ARTICLE_PAGE } from '../../services/content';
import { contentImageUrl } from '../../utils/content';

/** One article in a list: cover, title, summary, tags; opens the article. */
export function ArticleCard(props: { article: Card }) {
  const a = props.article;
  return (
    <View
      className="yb-article-card"
      data-testid="article-card"
      data-article-id={a.id}
      hoverClass="yb-row--pressed"
      onClick={() => void Taro.navigateTo({ url: `${CONTENT_ARTICLE_PAGE}?id=${a.id}` })}
    >
      {a.coverUrl ? <Image className="yb-article-card__cover" src={contentImageUrl(a.coverUrl, apiBaseUrl())} mode="aspectFill" lazyLoad /> : null}
      <View className="yb-article-card__body">
        <Text className="yb-article-card__title" data-testid="article-card-title">
          {a.title}
        </Text>
        {a.summary ? <Text className="yb-article-card__summary">{a.summary}</Text> : null}
        {a.tags.length ? (
          <View className="yb-article-tags">
            {a.tags.map((tag) => (
              <Text key={tag} className="yb-article-tag">
                {tag}
              </Text>
            ))}
          </View>
        ) : null}
      </View>
    </View>
  );
}
