import { Input, RichText, Text, Textarea, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { StaffArticleView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { approveArticle, rejectArticle, staffArticles } from '../../../../services/content';
import { toApiError } from '../../../../services/errors';
import { apiBaseUrl } from '../../../../services/runtime-config';
import { articleHtml, parsePublishAt } from '../../../../utils/content';
import { hospitalOffsetMinutes } from '../../../../utils/clinic-time';
import { ArticleRow } from '../../components/ArticleRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../articles.css';

/** One article waiting for review: read it whole, then approve (now or at a time) or send it back with a comment. */
function Review(props: { article: StaffArticleView; mine: boolean; onDone: (a: StaffArticleView) => void }) {
  const { t, locale } = useI18n();
  const a = props.article;
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'none' | 'reject' | 'schedule'>('none');
  const [comment, setComment] = useState('');
  const [when, setWhen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = async (action: () => Promise<StaffArticleView>) => {
    setBusy(true);
    setError(null);
    try {
      props.onDone(await action());
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };
  const schedule = () => {
    const at = parsePublishAt(when, hospitalOffsetMinutes());
    if (!at || at.getTime() <= Date.now()) return setError(t('article.scheduleInvalid'));
    void act(() => approveArticle(a.id, { publishAt: at.toISOString() }));
  };

  return (
    <ArticleRow article={a} onClick={() => setOpen(!open)}>
      {open ? <RichText className="yb-article-review__body" nodes={articleHtml(a.body, apiBaseUrl())} data-testid="review-body" /> : null}
      {props.mine ? (
        <Text className="yb-muted">{t('article.ownArticle')}</Text>
      ) : (
        <View onClick={(e) => e.stopPropagation()}>
          {mode === 'reject' ? (
            <Textarea
              className="yb-input"
              value={comment}
              placeholder={t('article.rejectComment')}
              onInput={(e) => setComment(e.detail.value)}
              data-testid="review-comment"
            />
          ) : null}
          {mode === 'schedule' ? (
            <Input className="yb-input" value={when} placeholder={t('article.scheduleAt')} onInput={(e) => setWhen(e.detail.value)} data-testid="review-when" />
          ) : null}
          <InlineError message={error} />
          <View className="yb-article-review__actions">
            {mode === 'none' ? (
              <>
                <Button type="primary" loading={busy} disabled={busy} onClick={() => void act(() => approveArticle(a.id))} data-testid="review-approve">
                  {t('article.approve')}
                </Button>
                <Button disabled={busy} onClick={() => setMode('schedule')} data-testid="review-schedule">
                  {t('article.schedule')}
                </Button>
                <Button disabled={busy} onClick={() => setMode('reject')} data-testid="review-reject">
                  {t('article.reject')}
                </Button>
              </>
            ) : (
              <>
                <Button
                  type="primary"
                  loading={busy}
                  disabled={busy}
                  data-testid="review-confirm"
                  onClick={() =>
                    mode === 'schedule'
                      ? schedule()
                      : comment.trim()
                        ? void act(() => rejectArticle(a.id, comment.trim()))
                        : setError(t('article.rejectCommentRequired'))
                  }
                >
                  {mode === 'schedule' ? t('article.schedule') : t('article.reject')}
                </Button>
                <Button disabled={busy} onClick={() => (setMode('none'), setError(null))}>
                  {t('common.cancel')}
                </Button>
              </>
            )}
          </View>
        </View>
      )}
    </ArticleRow>
  );
}

/** 文章审核 (admins, doctors): articles waiting for medical review — never one's own. */
export default function ArticleReviewsPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const queue = useCursorPages({
    load: (cursor) => staffArticles({ status: 'in_review', cursor: cursor ?? undefined, limit: 20 }),
    idOf: (a) => a.id,
    key: locale,
    enabled: !!member,
  });
  const { refresh, setItems } = queue;
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  const items = queue.items;
  return (
    <Page title="article.reviewsTitle" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="articleReviews" /> : <View />}
      <ConsoleMain>
        <View data-testid="article-reviews">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('article.reviewsTitle')}</Text>
            <Text className="yb-textbutton" onClick={() => void refresh()}>
              {t('admin.refresh')}
            </Text>
          </View>
          {!member || (queue.loading && !items) ? <LoadingState /> : null}
          {queue.error && !items ? <ErrorState error={queue.error} title={t('article.loadError')} onRetry={() => void refresh()} /> : null}
          {items && items.length === 0 && !queue.loading ? <EmptyState title={t('article.reviewsEmpty')} hint={t('article.reviewsEmptyHint')} /> : null}
          {items && items.length > 0 ? (
            <View className="yb-admin-list">
              {items.map((a) => (
                <Review
                  key={a.id}
                  article={a}
                  mine={a.authorStaffId === member?.id}
                  onDone={(done) => setItems((list) => list.filter((x) => x.id !== done.id))}
                />
              ))}
            </View>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
