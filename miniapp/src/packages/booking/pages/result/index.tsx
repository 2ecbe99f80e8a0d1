import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { AppointmentView } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useNow } from '../../../../hooks/use-now';
import { useQuery } from '../../../../hooks/use-query';
import { getAppointment } from '../../../../services/booking';
import { localName } from '../../../../utils/appointments';
import { countdown, formatVisitTime } from '../../../../utils/clinic-time';
import { formatFen } from '../../../../utils/money';
import { AppointmentSummary } from '../../components/AppointmentSummary';
import { ReminderCard } from '../../../../components/ReminderCard';
import { APPOINTMENT_PAGE, APPOINTMENTS_PAGE } from '../../payment-handoff';
import { usePayment } from '../../use-payment';
import { useReminderAsk } from '../../../../hooks/use-reminder-ask';
import '../../booking.css';

const VISIT_KINDS = ['appointment_reminder', 'appointment_changed'] as const;

function Progress(props: { title: string; hint?: string; testId: string }) {
  return (
    <View className="yb-progress" data-testid={props.testId} aria-busy="true">
      <View className="yb-spinner" />
      <Text className="yb-state__title">{props.title}</Text>
      {props.hint ? <Text className="yb-state__hint">{props.hint}</Text> : null}
    </View>
  );
}

function Result(props: { id: string; autopay: boolean }) {
  const { t, locale } = useI18n();
  const query = useQuery(() => getAppointment(props.id), [props.id]);
  const [settled, setSettled] = useState<AppointmentView | null>(null);
  const reminders = useReminderAsk(VISIT_KINDS);
  const payment = usePayment(props.id, {
    // Inside the payment callback: WeChat allows the subscribe popup here (reminders for the visit just paid).
    onPaid: () => void reminders.ask({ unprompted: true }),
    onSettled: setSettled,
    sheet: query.data
      ? {
          amount: query.data.fee,
          description: `${t('confirm.fee')} · ${localName({ zh: query.data.doctorName, en: query.data.doctorNameEn }, locale)} · ${formatVisitTime(query.data.startsAt, query.data.endsAt, locale)}`,
        }
      : undefined,
  });
  const started = useRef(false);
  // Straight from booking: open the pay sheet once the appointment (amount, doctor, time for the sheet) is loaded.
  const loadedStatus = query.data?.status;
  const { pay } = payment;
  useEffect(() => {
    if (props.autopay && !started.current && loadedStatus === 'pending_payment') {
      started.current = true;
      void pay();
    }
  }, [props.autopay, loadedStatus, pay]);

  const appointment = settled ?? query.data;
  const phase = payment.state.phase;
  const now = useNow(1_000, appointment?.status === 'pending_payment');

  if (phase === 'paying') return <Progress testId="pay-opening" title={t('pay.opening')} />;
  if (phase === 'confirming') {
    const seconds = Math.round((payment.state as { elapsedMs: number }).elapsedMs / 1000);
    return <Progress testId="pay-confirming" title={t('pay.confirming')} hint={t('pay.confirmingHint', { seconds })} />;
  }
  if (!appointment) {
    if (query.error) return <ErrorState error={query.error} title={t('appt.loadError')} onRetry={() => void query.reload()} />;
    return <LoadingState />;
  }

  if (phase === 'unconfirmed') {
    return (
      <View className="yb-state" data-testid="pay-unconfirmed" role="alert">
        <View className="yb-state__icon">?</View>
        <Text className="yb-state__title">{t('pay.unconfirmed')}</Text>
        <Text className="yb-state__hint">{t('pay.unconfirmedHint')}</Text>
        <Button type="primary" size="large" className="yb-state__action" onClick={() => void payment.checkAgain()} data-testid="pay-check-again">
          {t('pay.checkAgain')}
        </Button>
      </View>
    );
  }

  const s = appointment.status;
  if (s === 'confirmed' || s === 'checked_in' || s === 'completed') {
    return (
      <View data-testid="result-success" data-appointment-id={appointment.id}>
        <View className="yb-card yb-card--padded yb-center">
          <View className="yb-success-icon">✓</View>
          <Text className="yb-h1">{t('result.success')}</Text>
          <Text className="yb-muted">{t('result.successHint')}</Text>
        </View>
        <View className="yb-section">
          <AppointmentSummary appointment={appointment} />
        </View>
        <ReminderCard
          reminders={reminders}
          title={t('result.remindTitle')}
          hint={t('result.remindHint')}
          button={t('result.remindOn')}
          done={t('result.remindDone')}
        />
        <View className="yb-actions">
          <Button
            type="primary"
            size="large"
            onClick={() => void Taro.redirectTo({ url: `${APPOINTMENT_PAGE}?id=${appointment.id}` })}
            data-testid="result-view"
          >
            {t('result.viewDetail')}
          </Button>
          <Button size="large" fill="outline" onClick={() => void Taro.redirectTo({ url: APPOINTMENTS_PAGE })}>
            {t('result.myAppointments')}
          </Button>
        </View>
      </View>
    );
  }

  if (s !== 'pending_payment' || phase === 'ended') {
    return (
      <View className="yb-state" data-testid="pay-ended">
        <View className="yb-state__icon yb-state__icon--error">!</View>
        <Text className="yb-state__title">{t('pay.ended')}</Text>
        <Text className="yb-state__hint">{t('pay.endedHint')}</Text>
        <Button
          type="primary"
          size="large"
          className="yb-state__action"
          onClick={() => void Taro.redirectTo({ url: `/packages/booking/pages/doctor/index?id=${appointment.doctorId}` })}
        >
          {t('pay.bookAgain')}
        </Button>
      </View>
    );
  }

  // Waiting for payment: the amount, the time left to pay, and the one button.
  const left = countdown(appointment.holdExpiresAt, now, locale);
  const state = payment.state;
  return (
    <View data-testid="pay" data-phase={phase}>
      <View className="yb-card yb-card--padded yb-center">
        <Text className="yb-muted">{t('pay.amount')}</Text>
        <Text className="yb-amount" data-testid="pay-amount">
          {formatFen(appointment.fee)}
        </Text>
        {state.phase === 'cancelled' ? <Text className="yb-h2">{t('pay.cancelled')}</Text> : null}
        {state.phase === 'failed' ? (
          <View className="yb-inline-error" role="alert">
            <Text>
              {t('pay.failed')}：{t('pay.failedHint', { reason: state.message })}
            </Text>
          </View>
        ) : null}
        <Text className="yb-muted" data-testid="pay-countdown">
          {left ? (state.phase === 'cancelled' ? t('pay.cancelledHint', { countdown: left }) : t('pay.holdUntil', { countdown: left })) : t('pay.holdExpired')}
        </Text>
      </View>
      <View className="yb-section">
        <AppointmentSummary appointment={appointment} />
      </View>
      <View className="yb-actions">
        <Button type="primary" size="large" disabled={!left} onClick={() => void payment.pay()} data-testid="pay-button">
          {state.phase === 'failed' ? t('pay.retry') : t('pay.payNow', { fee: formatFen(appointment.fee) })}
        </Button>
      </View>
    </View>
  );
}

export default function ResultPage() {
  const { id, autopay } = useRouter().params;
  return (
    <Page title="result.title">
      <PatientGate>{id ? <Result id={id} autopay={autopay === '1'} /> : null}</PatientGate>
    </Page>
  );
}
