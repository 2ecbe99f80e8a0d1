import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { CONSULT_TEXT_MAX_CHARS, type ConsultationView } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { ChatInput } from '../../../../components/chat/ChatInput';
import { ChatView, ReconnectBanner } from '../../../../components/chat/ChatView';
import { Icon } from '../../../../components/Icon';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useChatThread } from '../../../../hooks/use-chat-thread';
import { useConsultSocket } from '../../../../hooks/use-consult-socket';
import { useI18n } from '../../../../hooks/use-i18n';
import { useNow } from '../../../../hooks/use-now';
import { useReminderAsk } from '../../../../hooks/use-reminder-ask';
import { patientChat, rateConsultation } from '../../../../services/consultations';
import { toApiError } from '../../../../services/errors';
import { localName } from '../../../../utils/appointments';
import { countdown } from '../../../../utils/clinic-time';
import { consultStatusLabel, isOpen, messageProblem } from '../../../../utils/consult';
import { formatSentAt } from '../../../../utils/message-format';
import { formatFen } from '../../../../utils/money';
import { CONSULT_START_PAGE } from '../../routes';
import { useConsultPayment } from '../../use-consult-payment';
import '../../../../components/chat/chat.css';
import '../../consult.css';

const REPLY_KINDS = ['doctor_replied'] as const;

/** Who the patient is talking to: the chosen doctor, the doctor who took it, or the department's doctors. */
function counterpart(view: ConsultationView, locale: 'zh-CN' | 'en', t: ReturnType<typeof useI18n>['t']): string {
  const department = localName({ zh: view.departmentName, en: view.departmentNameEn }, locale);
  if (view.doctorName) return `${localName({ zh: view.doctorName, en: view.doctorNameEn }, locale)} · ${department}`;
  if (view.assigneeName) return `${view.assigneeName} · ${department}`;
  return t('consult.pool', { department });
}

function Rating(props: { view: ConsultationView; onRated: (view: ConsultationView) => void }) {
  const { t, locale } = useI18n();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (props.view.rating) {
    return (
      <View data-testid="consult-rated">
        <Text className="yb-body yb-strong">{t('consult.rated')}</Text>
        <Text className="yb-stars">{'★'.repeat(props.view.rating.score) + '☆'.repeat(5 - props.view.rating.score)}</Text>
      </View>
    );
  }
  const submit = async () => {
    if (!score) return setError(t('consult.rateChoose'));
    setBusy(true);
    setError(null);
    try {
      props.onRated(await rateConsultation(props.view.id, score, comment.trim() || undefined));
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View data-testid="consult-rating">
      <Text className="yb-h2">{t('consult.rateTitle')}</Text>
      <Text className="yb-muted">{t('consult.rateHint')}</Text>
      <View className="yb-stars" role="radiogroup">
        {[1, 2, 3, 4, 5].map((n) => (
          <Text
            key={n}
            className={`yb-star ${n <= score ? 'yb-star--on' : ''}`}
            onClick={() => setScore(n)}
            aria-label={t('consult.stars', { n })}
            data-testid={`consult-star-${n}`}
          >
            ★
          </Text>
        ))}
      </View>
      <Textarea
        className="yb-textarea"
        value={comment}
        maxlength={500}
        placeholder={t('consult.rateComment')}
        onInput={(e) => setComment(e.detail.value)}
        data-testid="consult-rate-comment"
      />
      <InlineError message={error} />
      <View className="yb-actions">
        <Button type="primary" size="large" loading={busy} disabled={busy} onClick={() => void submit()} data-testid="consult-rate-submit">
          {t('consult.rateSubmit')}
        </Button>
      </View>
    </View>
  );
}

function PayPanel(props: { view: ConsultationView; payment: ReturnType<typeof useConsultPayment> }) {
  const { t, locale } = useI18n();
  const now = useNow(1_000);
  const { state } = props.payment;
  if (state.phase === 'paying') return <LoadingState label={t('pay.opening')} />;
  if (state.phase === 'confirming') {
    return <LoadingState label={t('pay.confirming')} hint={t('pay.confirmingHint', { seconds: Math.round(state.elapsedMs / 1000) })} />;
  }
  const left = props.view.payBefore ? countdown(props.view.payBefore, now, locale) : null;
  return (
    <View className="yb-center" data-testid="consult-pay" data-phase={state.phase}>
      <Text className="yb-h2">{t('consult.payTitle')}</Text>
      <Text className="yb-amount">{formatFen(props.view.fee)}</Text>
      <Text className="yb-muted">{t('consult.payHint')}</Text>
      {left ? <Text className="yb-muted">{t('consult.payBefore', { countdown: left })}</Text> : null}
      {state.phase === 'cancelled' ? <Text className="yb-body">{t('pay.cancelled')}</Text> : null}
      {state.phase === 'failed' ? <InlineError message={`${t('pay.failed')}：${t('pay.failedHint', { reason: state.message })}`} /> : null}
      {state.phase === 'unconfirmed' ? <InlineError message={t('consult.payUnconfirmed')} /> : null}
      <View className="yb-actions">
        {state.phase === 'unconfirmed' ? (
          <Button type="primary" size="large" onClick={() => void props.payment.checkAgain()}>
            {t('pay.checkAgain')}
          </Button>
        ) : (
          <Button type="primary" size="large" onClick={() => void props.payment.pay()} data-testid="consult-pay-button">
            {t('consult.payNow', { fee: formatFen(props.view.fee) })}
          </Button>
        )}
      </View>
    </View>
  );
}

/** While the first answer is awaited: when to expect it (the department's first-reply target), or that it is late. */
function ReplyExpectation(props: { view: ConsultationView }) {
  const { t, locale } = useI18n();
  const now = useNow(30_000, !!props.view.firstResponseDueAt);
  const due = props.view.firstResponseDueAt;
  if (props.view.status !== 'waiting_doctor' || !due || props.view.firstRespondedAt) return null;
  const late = props.view.overdue || new Date(due).getTime() <= now.getTime();
  return (
    <View className="yb-chat__expect" data-testid="consult-reply-expected" data-late={late ? 'yes' : 'no'}>
      <Icon name="clock" size="s" />
      <Text className="yb-chat__sub">{late ? t('consult.replyWaiting') : t('consult.replyBy', { time: formatSentAt(due, locale, now) })}</Text>
    </View>
  );
}

function Chat(props: { id: string; autopay: boolean }) {
  const { t, locale } = useI18n();
  const [shown, setShown] = useState(true);
  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));
  const live = useConsultSocket('patient');
  const thread = useChatThread({ consultationId: props.id, side: 'patient', api: patientChat, socket: live.socket, active: shown });
  const view = thread.view;
  const reminders = useReminderAsk(REPLY_KINDS);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  // The rating card after the end: open until rated, then folded; either way the patient can fold or unfold it.
  const [ratingFolded, setRatingFolded] = useState<boolean | null>(null);
  const payment = useConsultPayment(props.id, {
    onSettled: (c) => thread.setView(c),
    sheet: view
      ? {
          amount: view.fee,
          description: t('consult.payDescription', { department: localName({ zh: view.departmentName, en: view.departmentNameEn }, locale) }),
        }
      : undefined,
  });

  // Straight from the start page with a fee due: open the pay sheet once the consultation is loaded.
  const started = useRef(false);
  const pending = view?.status === 'pending_payment';
  const { pay } = payment;
  useEffect(() => {
    if (props.autopay && pending && !started.current) {
      started.current = true;
      void pay();
    }
  }, [props.autopay, pending, pay]);

  if (!view) {
    if (thread.error) return <ErrorState error={thread.error} title={t('consult.loadError')} onRetry={() => void thread.reload()} />;
    return <LoadingState />;
  }

  const send = () => {
    const text = draft.trim();
    const problem = messageProblem(text);
    if (problem === 'tooLong') return setError(t('consult.tooLong', { max: CONSULT_TEXT_MAX_CHARS }));
    if (problem) return;
    setDraft('');
    setError(null);
    void thread.sendText(text).then((result) => {
      if (result.ok) return;
      // Refused for good (e.g. risky content): the words come back into the box with the reason.
      setDraft((current) => current || result.restore);
      setError(result.message);
    });
  };

  const close = async () => {
    setMenuOpen(false);
    const { confirm } = await Taro.showModal({
      title: t('consult.closeConfirmTitle'),
      content: t('consult.closeConfirm'),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirm) return;
    setClosing(true);
    try {
      thread.setView(await patientChat.close(view.id));
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setClosing(false);
    }
  };

  const folded = ratingFolded ?? !!view.rating;
  const status = consultStatusLabel(view, 'patient');
  const open = isOpen(view.status);
  const askReplies = open && !reminders.allOn && reminders.canAsk && reminders.state !== 'declined' && reminders.state !== 'on';

  return (
    <View className="yb-chat" data-testid="consult-chat" data-consultation-id={view.id} data-status={view.status}>
      <View className="yb-chat__head">
        <View className="yb-chat__head-line">
          <Text className="yb-chat__title" data-testid="consult-counterpart">
            {counterpart(view, locale, t)}
          </Text>
          <Text className={`yb-status yb-status--${status.tone}`} data-testid="consult-status">
            {t(status.key)}
          </Text>
          {open ? (
            // 结束咨询 lives in a menu, away from the status (it was tapped by mistake there), and asks first.
            <View className="yb-chat__menu-anchor">
              <View
                className="yb-menu-button"
                hoverClass="yb-menu-button--pressed"
                role="button"
                aria-label={t('consult.menu')}
                aria-expanded={menuOpen}
                onClick={() => setMenuOpen(!menuOpen)}
                data-testid="consult-menu"
              >
                <Icon name="more" tone="text" size="l" />
              </View>
              {menuOpen ? (
                <>
                  <View className="yb-menu__scrim" onClick={() => setMenuOpen(false)} />
                  <View className="yb-menu" role="menu" data-testid="consult-menu-list">
                    <View className="yb-menu__item yb-menu__item--danger" role="menuitem" onClick={() => void close()} data-testid="consult-close">
                      <Icon name="close" tone="danger" size="m" />
                      <Text>{closing ? t('common.saving') : t('consult.close')}</Text>
                    </View>
                  </View>
                </>
              ) : null}
            </View>
          ) : null}
        </View>
        <Text className="yb-chat__sub">
          {t(`consult.kind.${view.kind}`)}
          {view.kind === 'health_consult' ? ` · ${t('consult.disclaimer')}` : ''}
        </Text>
        <ReplyExpectation view={view} />
        {view.autoCloseAt && view.status === 'waiting_patient' ? (
          <Text className="yb-chat__sub">{t('consult.autoClose', { time: formatSentAt(view.autoCloseAt, locale, new Date()) })}</Text>
        ) : null}
      </View>
      <ReconnectBanner down={live.down} signedOut={live.status === 'signed-out'} />

      <ChatView thread={thread} view={view} reader="patient" empty={t('consult.waitingHint')} bottomKey={`${view.status}-${folded ? 'folded' : 'open'}`} />

      <View className="yb-chat__inline">
        <InlineError message={error ?? thread.notice} />
      </View>

      {pending ? (
        <View className="yb-chat__panel">
          <PayPanel view={view} payment={payment} />
        </View>
      ) : null}

      {askReplies ? (
        <View className="yb-chat__inline">
          <View className="yb-notice" data-testid="consult-notify">
            <Text className="yb-notice__text">{t('consult.notifyHint')}</Text>
            <Text className="yb-textbutton" onClick={() => reminders.ask()} data-testid="consult-notify-on">
              {t('consult.notifyOn')}
            </Text>
          </View>
        </View>
      ) : null}

      {open ? <ChatInput value={draft} onChange={setDraft} onSend={send} onImage={(file) => thread.sendImage(file)} onImageError={setError} /> : null}

      {view.status === 'closed' || view.status === 'cancelled' ? (
        <View className={`yb-chat__panel ${folded ? 'yb-chat__panel--folded' : ''}`} data-testid="consult-ended" data-folded={folded ? 'yes' : 'no'}>
          <View className="yb-chat__panel-head">
            <Text className="yb-body yb-strong yb-chat__panel-title">
              {view.status === 'cancelled' ? t('consult.cancelledHint') : t(`consult.closedBy.${view.closedBy ?? 'patient'}`)}
            </Text>
            {view.status === 'closed' ? (
              <View
                className="yb-chat__fold"
                role="button"
                aria-expanded={!folded}
                onClick={() => setRatingFolded(!folded)}
                hoverClass="yb-row--pressed"
                data-testid="consult-rating-toggle"
              >
                <Text className="yb-textbutton">
                  {!folded
                    ? t('consult.ratingCollapse')
                    : view.rating
                      ? t('consult.ratedShort', { stars: '★'.repeat(view.rating.score) })
                      : t('consult.ratingExpand')}
                </Text>
                <Icon name={folded ? 'expand' : 'collapse'} size="s" />
              </View>
            ) : null}
          </View>
          {view.status === 'closed' && !folded ? (
            <Rating
              view={view}
              onRated={(rated) => {
                thread.setView(rated);
                setRatingFolded(true);
              }}
            />
          ) : null}
          <View className="yb-actions">
            <Button
              size="large"
              fill="outline"
              onClick={() => void Taro.redirectTo({ url: `${CONSULT_START_PAGE}?departmentId=${view.departmentId}` })}
              data-testid="consult-start-new"
            >
              {t('consult.startNew')}
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

export default function ConsultChatPage() {
  const { id, pay } = useRouter().params;
  return (
    <Page title="consult.chatTitle" className="yb-chat-page">
      <PatientGate>{id ? <Chat id={id} autopay={pay === '1'} /> : null}</PatientGate>
    </Page>
  );
}
