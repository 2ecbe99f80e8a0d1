import { Image, RichText, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter, useShareAppMessage, useUnload } from '@tarojs/taro';
import type { PatientArticleView } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useCampaignOpen } from '../../../../hooks/use-campaign-open';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { favouriteArticle, getArticle, recordArticleRead, unfavouriteArticle } from '../../../../services/content';
import { apiBaseUrl } from '../../../../services/runtime-config';
import { useAppState } from '../../../../store/app-store';
import { articleHtml, articleShareLink, campaignFrom, contentImageUrl, ReadingClock } from '../../../../utils/content';
import '../../content.css';

/**
 * Time on the page while it is shown, sent when it is hidden or closed (and every few minutes while it stays open, so
 * a phone put away with the page on screen still counts what was read). Attributed to the campaign in the link.
 */
function useReadingTime(articleId: string | undefined, campaignId: string | undefined, ready: boolean): void {
  const clock = useRef(new ReadingClock());
  const send = useRef<() => void>(() => undefined);
  send.current = () => {
    const seconds = clock.current.take(Date.now());
    if (articleId && seconds > 0) void recordArticleRead(articleId, seconds, campaignId).catch(() => undefined);
  };
  useEffect(() => {
    if (!ready) return undefined;
    const counting = clock.current;
    counting.show(Date.now());
    const timer = setInterval(() => send.current(), 5 * 60_000);
    const hidden = () => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
        counting.hide(Date.now());
        send.current();
      } else counting.show(Date.now());
    };
    if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.addEventListener('visibilitychange', hidden);
    return () => {
      clearInterval(timer);
      if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.removeEventListener('visibilitychange', hidden);
      counting.hide(Date.now());
      send.current();
    };
  }, [ready]);
  useDidShow(() => {
    if (ready) clock.current.show(Date.now());
  });
  useDidHide(() => {
    clock.current.hide(Date.now());
    send.current();
  });
  useUnload(() => {
    clock.current.hide(Date.now());
    send.current();
  });
}

function Article(props: { id: string; campaignId: string | undefined }) {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const article = useQuery(() => getArticle(props.id), [props.id, patientId]);
  const [view, setView] = useState<PatientArticleView | undefined>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const shown = view ?? article.data;
  useReadingTime(props.id, props.campaignId, !!article.data);
  useCampaignOpen(); // a campaign's landing (`c=<campaignId>`): the campaign's results count the open

  useShareAppMessage(() => ({
    title: shown?.title ?? t('content.feedTitle'),
    path: `/packages/content/pages/article/index?id=${props.id}`,
    imageUrl: shown?.coverUrl ? contentImageUrl(shown.coverUrl, apiBaseUrl()) : undefined,
  }));

  const toggle = async () => {
    if (!shown) return;
    setSaving(true);
    setSaveError(null);
    try {
      if (shown.favourite) {
        await unfavouriteArticle(shown.id);
        setView({ ...shown, favourite: false });
      } else setView(await favouriteArticle(shown.id));
    } catch {
      setSaveError(t('content.favouriteError'));
    } finally {
      setSaving(false);
    }
  };

  const share = () => {
    if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
      const link = articleShareLink(`${window.location.origin}${window.location.pathname}`, props.id);
      void Taro.setClipboardData({ data: link })
        .then(() => Taro.showToast({ title: t('content.linkCopied'), icon: 'none' }))
        .catch(() => undefined);
    } else void Taro.showShareMenu({ withShareTicket: false }).catch(() => undefined);
  };

  if (article.loading && !shown) return <LoadingState />;
  if (article.error && !shown) return <ErrorState error={article.error} title={t('content.articleError')} onRetry={() => void article.reload()} />;
  if (!shown) return null;
  const published = shown.publishedAt
    ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(shown.publishedAt))
    : null;
  return (
    <View className="yb-article" data-testid="article" data-article-id={shown.id}>
      {shown.coverUrl ? <Image className="yb-article__cover" src={contentImageUrl(shown.coverUrl, apiBaseUrl())} mode="widthFix" /> : null}
      <Text className="yb-article__title" data-testid="article-title">
        {shown.title}
      </Text>
      {published ? <Text className="yb-article__meta">{t('content.publishedOn', { date: published })}</Text> : null}
      {shown.tags.length ? (
        <View className="yb-article-tags">
          {shown.tags.map((tag) => (
            <Text key={tag} className="yb-article-tag">
              {tag}
            </Text>
          ))}
        </View>
      ) : null}
      <RichText className="yb-article__body" nodes={articleHtml(shown.body, apiBaseUrl())} data-testid="article-body" />
      <InlineError message={saveError} />
      <View className="yb-article__actions">
        <Button
          type={shown.favourite ? 'default' : 'primary'}
          size="large"
          loading={saving}
          disabled={saving}
          onClick={() => void toggle()}
          data-testid="article-favourite"
          data-on={shown.favourite ? 'yes' : 'no'}
        >
          {shown.favourite ? t('content.favourited') : t('content.favourite')}
        </Button>
        <Button size="large" openType={process.env.TARO_ENV === 'h5' ? undefined : 'share'} onClick={share} data-testid="article-share">
          {t('content.share')}
        </Button>
      </View>
    </View>
  );
}

/** One article: the sanitised body in WeChat's rich-text component, favourite, share; time on page is reported. */
export default function ContentArticlePage() {
  const params = useRouter().params;
  return (
    <Page title="content.articleTitle">
      <PatientGate browse>{params.id ? <Article id={params.id} campaignId={campaignFrom(params)} /> : null}</PatientGate>
    </Page>
  );
}
