import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { ClubEventView, ClubRegistrationResult, ClubRegistrationView } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { ReminderCard } from '../../../../components/ReminderCard';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useNow } from '../../../../hooks/use-now';
import { useQuery } from '../../../../hooks/use-query';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { useReminderAsk } from '../../../../hooks/use-reminder-ask';
import type { MessageKey } from '../../../../i18n';
import { cancelRegistration, clubEvent, clubRegistration, confirmRegistration, registerForEvent } from '../../../../services/club';
import { toApiError } from '../../../../services/errors';
import { handOffPayment } from '../../../../services/payment-handoff';
import { useAppState } from '../../../../store/app-store';
import { newIdempotencyKey } from '../../../../utils/appointments';
import { clockTime, countdown } from '../../../../utils/clinic-time';
import { cancelPreview, closedReasonText, clubEventTime, clubPrice, clubWhen, statusKey, statusTone, tierNames } from '../../../../utils/club';
import { formatFen } from '../../../../utils/money';
import { QrCode } from '../../../booking/components/QrCode';
import { useClubPayment } from '../../use-club-payment';
import '../../club.css';

const CLUB_MESSAGE_KINDS = ['event_reminder', 'event_offer'] as const;

function Fact(props: { label: string; value: string; testId?: string }) {
  return (
    <View className="yb-kv" data-testid={props.testId}>
      <Text className="yb-kv__label">{props.label}</Text>
      <Text className="yb-kv__value">{props.value}</Text>
    </View>
  );
}

/** What the button says: a seat (free, a fee, points) or the waitlist. */
function registerLabel(e: ClubEventView, t: ReturnType<typeof useI18n>['t']): string {
  if (e.remaining <= 0) return t('club.joinWaitlist');
  if (e.fee > 0) return t('club.registerFee', { fee: formatFen(e.fee) });
  if (e.pointsCost > 0) return t('club.registerPoints', { n: e.pointsCost });
  return t('club.register');
}

function EventDetail(props: { eventId: string | null; registrationId: string | null }) {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  // Opened from a notification about a registration: find its event first.
  const linked = useQuery(() => clubRegistration(props.registrationId!), [props.registrationId, locale], !!props.registrationId && !props.eventId);
  const eventId = props.eventId ?? linked.data?.eventId ?? null;
  const query = useQuery(() => clubEvent(eventId!), [eventId, patientId, locale], !!eventId);
  const [view, setView] = useState<ClubEventView | undefined>();
  useEffect(() => {
    if (query.data) setView(query.data);
  }, [query.data]);
  const [busy, setBusy] = useState<'register' | 'confirm' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const registerKey = useRef(newIdempotencyKey('club'));
  const autopayFor = useRef<string | null>(null);
  const mine = view?.mine ?? null;
  const now = useNow(1_000, mine?.status === 'pending_payment');

  // The day-before reminder and a freed seat's offer reach WeChat only against the patient's grant.
  const reminders = useReminderAsk(CLUB_MESSAGE_KINDS);
  const payment = useClubPayment(mine?.id ?? '', {
    // Inside the payment callback: WeChat allows the subscribe popup here.
    onPaid: () => void reminders.ask({ unprompted: true }),
    onSettled: () => void query.reload(),
    sheet: view && mine ? { amount: mine.fee || view.fee, description: t('club.payDescription', { title: view.title }) } : undefined,
  });
  const { pay } = payment;
  // Straight after registering (or confirming an offered seat) with a fee: open the pay sheet once.
  useEffect(() => {
    if (mine && mine.status === 'pending_payment' && autopayFor.current === mine.id) {
      autopayFor.current = null;
      void pay();
    }
  }, [mine, pay]);

  usePullDownRefresh(() => {
    void query.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReloadOnShow(() => query.reload());

  if (!eventId) {
    if (linked.error) return <ErrorState error={linked.error} title={t('club.loadError')} onRetry={() => void linked.reload()} />;
    return <LoadingState />;
  }
  if (!view) {
    if (query.error) return <ErrorState error={query.error} title={t('club.loadError')} onRetry={() => void query.reload()} />;
    return <LoadingState />;
  }
  const e = view;

  const afterSeat = async (result: ClubRegistrationResult) => {
    if (result.payment && result.registration.status === 'pending_payment') {
      handOffPayment(result.registration.id, result.payment);
      autopayFor.current = result.registration.id;
    }
    await query.reload();
  };

  const register = async () => {
    setBusy('register');
    setError(null);
    try {
      const result = await registerForEvent(e.id, registerKey.current);
      registerKey.current = newIdempotencyKey('club');
      if (result.registration.status === 'registered') void Taro.showToast({ title: t('club.registered'), icon: 'success' });
      if (result.registration.status === 'waitlisted') void Taro.showToast({ title: t('club.waitlistJoined'), icon: 'none' });
      await afterSeat(result);
    } catch (err) {
      setError(toApiError(err, locale).message);
      void query.reload();
    } finally {
      setBusy(null);
    }
  };

  const confirm = async (r: ClubRegistrationView) => {
    setBusy('confirm');
    setError(null);
    try {
      await afterSeat(await confirmRegistration(r.id));
    } catch (err) {
      setError(toApiError(err, locale).message);
      void query.reload();
    } finally {
      setBusy(null);
    }
  };

  const cancel = async (r: ClubRegistrationView) => {
    const { confirm: yes } = await Taro.showModal({
      title: t('club.cancelTitle'),
      content: `${cancelPreview(r, e.startsAt, new Date(), t)}${r.fee > 0 || r.pointsSpent > 0 ? `\n${t('club.cancelRule')}` : ''}`,
      confirmText: t('club.cancelConfirm'),
      cancelText: t('club.keep'),
      confirmColor: '#b3261e',
    });
    if (!yes) return;
    setBusy('cancel');
    setError(null);
    try {
      await cancelRegistration(r.id);
      void Taro.showToast({ title: t('club.cancelled'), icon: 'success' });
      await query.reload();
    } catch (err) {
      setError(toApiError(err, locale).message);
      void query.reload();
    } finally {
      setBusy(null);
    }
  };

  const cancelButton = (r: ClubRegistrationView) =>
    new Date(e.startsAt).getTime() > Date.now() ? (
      <Button size="large" fill="outline" loading={busy === 'cancel'} disabled={!!busy} onClick={() => void cancel(r)} data-testid="club-cancel">
        {busy === 'cancel' ? t('club.cancelling') : r.status === 'waitlisted' ? t('club.leaveWaitlist') : t('club.cancel')}
      </Button>
    ) : null;

  const gone = props.registrationId && linked.data && !mine && (linked.data.status === 'cancelled' || linked.data.status === 'expired');
  const { state } = payment;

  return (
    <View data-testid="club-event-page" data-event-id={e.id} data-status={mine?.status ?? 'none'} data-closed={e.closedReason?.code ?? 'open'}>
      <View className="yb-card yb-card--padded">
        <Text className="yb-club-kind">{t(`club.kind.${e.kind}` as MessageKey)}</Text>
        <Text className="yb-h2" data-testid="club-event-title">
          {e.title}
        </Text>
        {mine ? (
          <View>
            <Text className={`yb-status yb-status--${statusTone(mine.status)}`} data-testid="club-status">
              {t(statusKey(mine.status))}
            </Text>
          </View>
        ) : null}
      </View>

      <View className="yb-section yb-card">
        <Fact label={t('club.when')} value={clubEventTime(e.startsAt, e.endsAt, locale)} />
        <Fact label={t('club.where')} value={e.online ? t('club.online') : (e.venue ?? '')} />
        <Fact label={t('club.price')} value={clubPrice(e, t)} testId="club-price" />
        <Fact
          label={t('club.seats')}
          value={[
            t('club.capacity', { n: e.capacity }),
            e.remaining > 0 ? t('club.remaining', { n: e.remaining }) : t('club.full'),
            e.waitlisted > 0 ? t('club.waitlisted', { n: e.waitlisted }) : '',
          ]
            .filter(Boolean)
            .join(' · ')}
          testId="club-seats"
        />
        <Fact
          label={t('club.forTiers')}
          value={e.eligibleTiers.length ? t('club.tiersOnly', { tiers: tierNames(e.eligibleTiers, locale) }) : t('club.allMembers')}
        />
        {!e.closedReason ? <Fact label="" value={t('club.closes', { time: clubWhen(e.registrationClosesAt, locale) })} /> : null}
      </View>

      {gone ? (
        <View className="yb-notice" data-testid="club-registration-gone">
          <Text className="yb-notice__text">{t('club.registrationGone')}</Text>
        </View>
      ) : null}

      {!mine && e.closedReason ? (
        <View className="yb-card yb-card--padded yb-section" data-testid="club-closed" data-code={e.closedReason.code}>
          <Text className="yb-club-state__big" data-testid="club-closed-reason">
            {closedReasonText(e.closedReason, t, locale)}
          </Text>
          {e.closedReason.code === 'tier' ? <Text className="yb-muted">{t('club.reason.tierHint')}</Text> : null}
        </View>
      ) : null}

      {mine?.status === 'waitlisted' ? (
        <View className="yb-card yb-card--padded yb-section yb-club-state" data-testid="club-waitlist" data-ahead={mine.ahead ?? ''}>
          <Text className="yb-club-state__big">{mine.ahead ? t('club.waitAhead', { n: mine.ahead }) : t('club.waitNext')}</Text>
          <Text className="yb-muted">{t('club.waitHint')}</Text>
        </View>
      ) : null}

      {mine?.status === 'offered' ? (
        <View className="yb-card yb-card--padded yb-section yb-club-state" data-testid="club-offer">
          <Text className="yb-club-state__big">{t('club.offerTitle')}</Text>
          {mine.offerExpiresAt ? <Text className="yb-body">{t('club.offerUntil', { time: clubWhen(mine.offerExpiresAt, locale) })}</Text> : null}
          <View className="yb-actions">
            <Button type="primary" size="large" loading={busy === 'confirm'} disabled={!!busy} onClick={() => void confirm(mine)} data-testid="club-confirm">
              {busy === 'confirm' ? t('club.confirming') : e.fee > 0 ? t('club.confirmFee', { fee: formatFen(e.fee) }) : t('club.confirm')}
            </Button>
          </View>
        </View>
      ) : null}

      {mine?.status === 'pending_payment' ? (
        state.phase === 'paying' ? (
          <LoadingState label={t('pay.opening')} />
        ) : state.phase === 'confirming' ? (
          <LoadingState label={t('pay.confirming')} hint={t('pay.confirmingHint', { seconds: Math.round(state.elapsedMs / 1000) })} />
        ) : (
          <View className="yb-card yb-card--padded yb-section yb-club-state" data-testid="club-unpaid" data-phase={state.phase}>
            <Text className="yb-h2">{t('club.payTitle')}</Text>
            <Text className="yb-club-state__big">{formatFen(mine.fee || e.fee)}</Text>
            <Text className="yb-muted">
              {countdown(mine.payBefore ?? null, now, locale)
                ? t('club.payBefore', { countdown: countdown(mine.payBefore ?? null, now, locale)! })
                : t('club.payExpired')}
            </Text>
            {state.phase === 'cancelled' ? <Text className="yb-body">{t('pay.cancelled')}</Text> : null}
            {state.phase === 'failed' ? <InlineError message={`${t('pay.failed')}：${t('pay.failedHint', { reason: state.message })}`} /> : null}
            {state.phase === 'unconfirmed' ? <InlineError message={t('club.payUnconfirmed')} /> : null}
            <View className="yb-actions">
              {state.phase === 'unconfirmed' ? (
                <Button type="primary" size="large" onClick={() => void payment.checkAgain()}>
                  {t('pay.checkAgain')}
                </Button>
              ) : (
                <Button type="primary" size="large" onClick={() => void pay()} data-testid="club-pay">
                  {t('club.pay', { fee: formatFen(mine.fee || e.fee) })}
                </Button>
              )}
            </View>
          </View>
        )
      ) : null}
      {state.phase === 'ended' ? <InlineError message={t('club.payEnded')} /> : null}

      {mine?.status === 'registered' && mine.checkInCode ? (
        <View className="yb-card yb-card--padded yb-section yb-club-state" data-testid="club-checkin">
          <Text className="yb-h2">{t('club.codeTitle')}</Text>
          <View className="yb-club-qr">
            <QrCode value={mine.checkInCode} testId="club-qr" />
          </View>
          <Text className="yb-body">{t('club.codeHint')}</Text>
          <Text className="yb-muted">{t('club.codeLabel')}</Text>
          <Text className="yb-club-code" data-testid="club-code">
            {mine.checkInCode}
          </Text>
        </View>
      ) : null}

      {mine && ['registered', 'waitlisted', 'offered', 'pending_payment'].includes(mine.status) ? (
        <ReminderCard reminders={reminders} title={t('club.remindTitle')} hint={t('club.remindHint')} button={t('club.remindOn')} done={t('club.remindDone')} />
      ) : null}

      {mine?.status === 'attended' ? (
        <View className="yb-card yb-card--padded yb-section yb-club-state" data-testid="club-attended">
          <Text className="yb-club-state__big">{t('club.attendedTitle')}</Text>
          {mine.checkedInAt ? <Text className="yb-body">{t('club.attendedAt', { time: clockTime(mine.checkedInAt) })}</Text> : null}
          <Text className="yb-muted">{t('club.attendedPoints')}</Text>
        </View>
      ) : null}

      {e.description ? (
        <View className="yb-section">
          <Text className="yb-section__title">{t('club.description')}</Text>
          <View className="yb-card">
            <Text className="yb-club-desc">{e.description}</Text>
          </View>
        </View>
      ) : null}

      <InlineError message={error} />
      <View className="yb-actions">
        {!mine && !e.closedReason ? (
          <Button type="primary" size="large" loading={busy === 'register'} disabled={!!busy} onClick={() => void register()} data-testid="club-register">
            {busy === 'register' ? t('club.registering') : registerLabel(e, t)}
          </Button>
        ) : null}
        {mine && mine.status !== 'attended' ? cancelButton(mine) : null}
      </View>
      {mine && (mine.fee > 0 || mine.pointsSpent > 0 || e.fee > 0) && mine.status !== 'attended' ? (
        <Text className="yb-small">{t('club.cancelRule')}</Text>
      ) : !mine && (e.fee > 0 || e.pointsCost > 0) && !e.closedReason ? (
        <Text className="yb-small">{t('club.cancelRule')}</Text>
      ) : null}
    </View>
  );
}

/** One club event: register (a seat, pay, or the waitlist), the offered seat to confirm, the QR to check in, cancel. */
export default function ClubEventPage() {
  const params = useRouter().params;
  const eventId = params.id || null;
  const registrationId = params.registration || null;
  return (
    <Page title="club.eventTitle">
      <PatientGate>{eventId || registrationId ? <EventDetail eventId={eventId} registrationId={registrationId} /> : null}</PatientGate>
    </Page>
  );
}
