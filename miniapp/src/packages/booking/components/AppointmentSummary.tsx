import { Text, View } from '@tarojs/components';
import { localized, type AppointmentView } from '@yiban/shared';
import type { ReactNode } from 'react';
import { CatalogText } from '../../../components/InChinese';
import { useI18n } from '../../../hooks/use-i18n';
import { paymentState, statusLabel } from '../../../utils/appointments';
import { formatVisitTime } from '../../../utils/clinic-time';
import { formatFen } from '../../../utils/money';

export function StatusBadge(props: { status: AppointmentView['status'] }) {
  const { t } = useI18n();
  const { key, tone } = statusLabel(props.status);
  return (
    <Text className={`yb-status yb-status--${tone}`} data-testid="appt-status" data-status={props.status}>
      {t(key)}
    </Text>
  );
}

export function KeyValue(props: { label: string; children: ReactNode; testId?: string }) {
  return (
    <View className="yb-kv" data-testid={props.testId}>
      <Text className="yb-kv__label">{props.label}</Text>
      <View className="yb-kv__value">{props.children}</View>
    </View>
  );
}

/** The money line: free, unpaid, paid, refund in progress or refunded. */
export function PaymentLine(props: { appointment: AppointmentView }) {
  const { t } = useI18n();
  const p = paymentState(props.appointment);
  const text =
    p.state === 'free'
      ? t('appt.payment.free')
      : p.state === 'unpaid'
        ? `${t('appt.payment.unpaid')} · ${formatFen(props.appointment.fee)}`
        : p.state === 'paid'
          ? t('appt.payment.paid', { fee: formatFen(props.appointment.payment?.amount ?? props.appointment.fee) })
          : p.state === 'refunding'
            ? t('appt.payment.refunding', { fee: formatFen(p.amount) })
            : t('appt.payment.refunded', { fee: formatFen(p.amount) });
  return (
    <Text data-testid="appt-payment" data-state={p.state}>
      {text}
    </Text>
  );
}

/** A catalogue text carried in both languages, in the reader's, marked when it has to be the Chinese. */
function Localized(props: { zh: string; en: string }) {
  const { locale } = useI18n();
  const { value, fallback } = localized(props.zh, props.en, locale);
  return <CatalogText text={value} fallback={fallback} />;
}

/** Who, which doctor, when and where (hospital time), and the money. */
export function AppointmentSummary(props: { appointment: AppointmentView }) {
  const { t, locale } = useI18n();
  const a = props.appointment;
  return (
    <View className="yb-card" data-testid="appt-summary">
      {a.patientName ? <KeyValue label={t('appt.patient')}>{a.patientName}</KeyValue> : null}
      <KeyValue label={t('confirm.doctor')}>
        <Localized zh={a.doctorName} en={a.doctorNameEn} />
      </KeyValue>
      <KeyValue label={t('confirm.department')}>
        <Localized zh={a.departmentName} en={a.departmentNameEn} />
      </KeyValue>
      <KeyValue label={t('confirm.time')} testId="appt-time">
        {formatVisitTime(a.startsAt, a.endsAt, locale)}
      </KeyValue>
      {a.location ? (
        <KeyValue label={t('confirm.place')}>
          <Localized zh={a.location} en={a.locationEn} />
        </KeyValue>
      ) : null}
      <KeyValue label={t('confirm.visitType')}>{t(`visitType.${a.visitType}`)}</KeyValue>
      <KeyValue label={t('appt.payment')}>
        <PaymentLine appointment={a} />
      </KeyValue>
    </View>
  );
}
