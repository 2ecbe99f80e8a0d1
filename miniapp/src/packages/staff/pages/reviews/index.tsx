import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useConsultSocket } from '../../../../hooks/use-consult-socket';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { decideReview, listReviews } from '../../../../services/consultations';
import { toApiError } from '../../../../services/errors';
import { apiBaseUrl } from '../../../../services/runtime-config';
import { imageUrl } from '../../../../utils/consult';
import { formatSentAt } from '../../../../utils/message-format';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';

/** 消息审核: messages WeChat content security held for a person (service staff, admins); approve shows them, reject never does. */
export default function ReviewsPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const list = useQuery(listReviews, [], !!member);
  const live = useConsultSocket('staff', !!member);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Record<string, 'approve' | 'reject'>>({});
  const reload = list.reload;

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  useDidShow(() => void reload());
  // A newly held message (reviewers hear of it on the socket): the list again.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = live.socket.subscribe((frame) => {
      if (frame.type !== 'message' || frame.message.state !== 'held') return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void reload(), 400);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [live.socket, reload]);

  const decide = async (messageId: string, decision: 'approve' | 'reject') => {
    if (decision === 'reject') {
      const { confirm } = await Taro.showModal({
        title: t('review.reject'),
        content: t('review.rejectConfirm'),
        confirmText: t('common.confirm'),
        cancelText: t('common.cancel'),
      });
      if (!confirm) return;
    }
    setBusy(messageId);
    setError(null);
    try {
      await decideReview(messageId, decision);
      setDone((d) => ({ ...d, [messageId]: decision }));
    } catch (e) {
      const failure = toApiError(e, locale);
      setError(failure.message);
      if (failure.code === 'CONSULT_REVIEW_NOT_PENDING') void reload();
    } finally {
      setBusy(null);
    }
  };

  const items = list.data ?? [];
  const now = new Date();
  return (
    <Page title="review.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="reviews" /> : <View />}
      <ConsoleMain>
        <View data-testid="reviews">
          <Text className="yb-console__title">{t('review.title')}</Text>
          <Text className="yb-muted">{t('review.intro')}</Text>
          <InlineError message={error} />
          {list.loading && !list.data ? <LoadingState /> : null}
          {list.error && !list.data ? <ErrorState error={list.error} title={t('review.loadError')} onRetry={() => void reload()} /> : null}
          {list.data && items.length === 0 ? <EmptyState icon="check" title={t('review.empty')} hint={t('review.emptyHint')} /> : null}
          <View className="yb-section">
            {items.map(({ message, departmentName, label }) => (
              <View key={message.id} className="yb-review" data-testid="review-item" data-message-id={message.id}>
                <Text className="yb-small">
                  {t('review.from', {
                    department: departmentName,
                    side: message.side === 'patient' ? t('chat.sidePatient') : t('chat.sideStaff'),
                    name: message.authorName ?? '',
                  })}{' '}
                  · {formatSentAt(message.createdAt, locale, now)}
                  {label !== null ? ` · ${t('review.label', { label })}` : ''}
                </Text>
                {message.kind === 'image' && message.image ? (
                  <Image className="yb-review__image" src={imageUrl(message.image.url, apiBaseUrl())} mode="widthFix" />
                ) : (
                  <Text className="yb-review__text">{message.text}</Text>
                )}
                {done[message.id] ? (
                  <Text className={`yb-st ${done[message.id] === 'approve' ? 'yb-st--good' : 'yb-st--bad'}`}>
                    {t(done[message.id] === 'approve' ? 'review.approved' : 'review.rejected')}
                  </Text>
                ) : (
                  <View className="yb-desk-item__actions">
                    <Button
                      size="small"
                      type="primary"
                      disabled={busy !== null}
                      onClick={() => void decide(message.id, 'approve')}
                      data-testid="review-approve"
                    >
                      {t('review.approve')}
                    </Button>
                    <Button size="small" fill="outline" disabled={busy !== null} onClick={() => void decide(message.id, 'reject')} data-testid="review-reject">
                      {t('review.reject')}
                    </Button>
                  </View>
                )}
              </View>
            ))}
          </View>
        </View>
      </ConsoleMain>
    </Page>
  );
}
