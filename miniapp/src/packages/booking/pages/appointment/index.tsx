import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { AppointmentView } from '@yiban/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { useNow } from '../../../../hooks/use-now';
import { useQuery } from '../../../../hooks/use-query';
import { cancelAppointment, getAppointment } from '../../../../services/booking';
import { toApiError } from '../../../../services/errors';
import { appointmentActions, cancelNote, isUpcoming, paymentState } from '../../../../utils/appointments';
import { clockTime, countdown, formatVisitTime } from '../../../../utils/clinic-time';
import { formatFen } from '../../../../utils/money';
import { AppointmentSummary, StatusBadge } from '../../components/AppointmentSummary';
import { QrCode } from '../../components/QrCode';
import { groupDigits, spellDigits } from '../../../../utils/digits';
import { ReminderCard } from '../../../../components/ReminderCard';
import { RESULT_PAGE } from '../../payment-handoff';
import { useReminderAsk } from '../../../../hooks/use-reminder-ask';
import '../../booking.css';
import '../../checkin.css';

const VISIT_KINDS = ['appointment_reminder', 'appointment_changed'] as const;

/** What cancelling would give back, said before the patient confirms. */
function cancelPreview(a: AppointmentView, t: ReturnType<typeof useI18n>['t']): string {
  const paid = paymentState(a).state === 'paid';
  if (!paid) return t('appt.cancelFree');
  if (a.refundIfCancelled && a.refundIfCancelled > 0) return t('appt.cancelRefund', { fee: formatFen(a.refundIfCancelled) });
  return t('appt.cancelNoRefund');
}

function AppointmentDetail(props: { id: string }) {
  const { t, locale } = useI18n();
  const query = useQuery(() => getAppointment(props.id), [props.id]);
  const [appointment, setAppointment] = useState<AppointmentView | undefined>();
  useEffect(() => {
    if (query.data) setAppointment(query.data);
  }, [query.data]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reminders = useReminderAsk(VISIT_KINDS);
  const now = useNow(1_000, appointment?.status === 'pending_payment');

  usePullDownRefresh(() => {
    void query.reload().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from paying or moving it: show where it stands now.
  useReloadOnShow(() => query.reload());

  if (!appointment) {
    if (query.error) return <ErrorState error={query.error} title={t('appt.loadError')} onRetry={() => void query.reload()} />;
    return <LoadingState />;
  }
  const a = appointment;
  const actions = appointmentActions(a, now);
  const pay = paymentState(a);

  const cancel = async () => {
    const { confirm } = await Taro.showModal({
      title: t('appt.cancelTitle'),
      content: cancelPreview(a, t),
      confirmText: t('appt.cancelConfirm'),
      cancelText: t('appt.keep'),
      confirmColor: '#b3261e',
    });
    if (!confirm) return;
    setBusy(true);
    setError(null);
    try {
      setAppointment(await cancelAppointment(a.id));
      void Taro.showToast({ title: t('appt.cancelled'), icon: 'success' });
    } catch (e) {
      setError(toApiError(e, locale).message);
      void query.reload();
    } finally {
      setBusy(false);
    }
  };

  const left = countdown(a.holdExpiresAt, now, locale);
  const cancelled = cancelNote(a);

  return (
    <View data-testid="appointment" data-status={a.status} data-appointment-id={a.id}>
      <View className="yb-card yb-card--padded">
        <View className="yb-appt__head">
          <Text className="yb-h2">{formatVisitTime(a.startsAt, a.endsAt, locale)}</Text>
          <StatusBadge status={a.status} />
        </View>
        {cancelled ? (
          <Text className="yb-muted" data-testid="appt-cancel-note">
            {t(cancelled.key, cancelled.params)}
          </Text>
        ) : null}
        {a.status === 'checked_in' && a.checkedInAt ? <Text className="yb-body">{t('appt.checkedInAt', { time: clockTime(a.checkedInAt) })}</Text> : null}
      </View>

      {actions.showCode && a.checkInCode ? (
        <View className="yb-card yb-card--padded yb-section yb-code" data-testid="checkin">
          <Text className="yb-h2">{t('appt.codeTitle')}</Text>
          <QrCode value={a.checkInCode} testId="checkin-qr" />
          <Text className="yb-body yb-checkin__prompt" data-testid="checkin-prompt">
            {t('checkin.prompt')}
          </Text>
          {a.checkInNumber ? (
            <View
              className="yb-checkin__number"
              data-testid="checkin-number"
              data-number={a.checkInNumber}
              aria-label={t('checkin.numberAria', { digits: spellDigits(a.checkInNumber) })}
            >
              <Text className="yb-checkin__label">{t('checkin.numberLabel')}</Text>
              <Text className="yb-checkin__digits" aria-hidden="true">
                {groupDigits(a.checkInNumber)}
              </Text>
            </View>
          ) : (
            // Booked before numbers existed: the QR's own code, read out the same way.
            <View className="yb-checkin__number" data-testid="checkin-code">
              <Text className="yb-checkin__label">{t('checkin.codeFallback')}</Text>
              <Text className="yb-code__text">{a.checkInCode}</Text>
            </View>
          )}
        </View>
      ) : null}

      {actions.pay ? (
        <View className="yb-notice" data-testid="appt-unpaid">
          <Text className="yb-notice__text">{left ? t('appt.holdCountdown', { countdown: left }) : t('pay.holdExpired')}</Text>
          <Text className="yb-textbutton" onClick={() => void Taro.navigateTo({ url: `${RESULT_PAGE}?id=${a.id}&autopay=1` })} data-testid="appt-pay">
            {t('appt.pay')}
          </Text>
        </View>
      ) : null}

      <View className="yb-section">
        <AppointmentSummary appointment={a} />
      </View>
      {pay.state === 'refunding' || pay.state === 'refunded' ? (
        <View className="yb-section">
          <Text className="yb-muted" data-testid="appt-refund-note">
            {t('appt.refundNote')}
          </Text>
        </View>
      ) : null}

      {isUpcoming(a, now) && a.status === 'confirmed' ? (
        <ReminderCard
          reminders={reminders}
          title={t('result.remindTitle')}
          hint={t('result.remindHint')}
          button={t('appt.remindOn')}
          done={t('result.remindDone')}
        />
      ) : null}

      <InlineError message={error} />
      {actions.reschedule || actions.cancel ? (
        <View className="yb-actions">
          {actions.reschedule ? (
            <Button
              size="large"
              fill="outline"
              disabled={busy}
              onClick={() => void Taro.navigateTo({ url: `/packages/booking/pages/reschedule/index?id=${a.id}` })}
              data-testid="appt-reschedule"
            >
              {t('appt.reschedule')}
            </Button>
          ) : null}
          {actions.cancel ? (
            <Button size="large" fill="outline" loading={busy} disabled={busy} onClick={() => void cancel()} data-testid="appt-cancel">
              {busy ? t('appt.cancelling') : t('appt.cancel')}
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

export default function AppointmentPage() {
  const id = useRouter().params.id;
  return (
    <Page title="appt.title">
      <PatientGate>{id ? <AppointmentDetail id={id} /> : null}</PatientGate>
    </Page>
  );
}
