import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { SlotView } from '@yiban/shared';
import { useCallback, useState } from 'react';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { RealNameCard } from '../../../../components/RealNameCard';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useRealName } from '../../../../hooks/use-real-name';
import { useAppState } from '../../../../store/app-store';
import { getAppointment, rescheduleAppointment } from '../../../../services/booking';
import { listDoctors } from '../../../../services/catalog';
import { toApiError } from '../../../../services/errors';
import { localName } from '../../../../utils/appointments';
import { formatDate, formatVisitTime } from '../../../../utils/clinic-time';
import { AppointmentSummary } from '../../components/AppointmentSummary';
import { DateStrip, SlotList } from '../../components/SlotPicker';
import { useDoctorSlots } from '../../use-slots';
import '../../booking.css';

function Reschedule(props: { id: string }) {
  const { t, locale } = useI18n();
  const appointment = useQuery(() => getAppointment(props.id), [props.id]);
  const a = appointment.data;
  const doctors = useQuery(() => listDoctors(a!.departmentId), [a?.departmentId, locale], !!a);
  const [doctorId, setDoctorId] = useState<string | null>(null);
  const chosenDoctor = doctorId ?? a?.doctorId;
  // Same department, same fee (the payment carries over), and not the slot it already has.
  const sameFee = useCallback((slot: SlotView) => !!a && slot.fee === a.fee && slot.id !== a.slotId, [a]);
  const slots = useDoctorSlots(chosenDoctor, sameFee);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The visit's own patient (not necessarily the one the app acts for): moving it re-registers them by real name.
  const patient = useAppState((s) => s.patient.profiles.find((p) => p.id === a?.patientId) ?? null);
  const realName = useRealName(patient);

  if (!a) {
    if (appointment.error) return <ErrorState error={appointment.error} onRetry={() => void appointment.reload()} />;
    return <LoadingState />;
  }

  const doctorName = (id: string | undefined) => {
    const d = doctors.data?.find((x) => x.id === id);
    return d ? d.name : localName({ zh: a.doctorName, en: a.doctorNameEn }, locale);
  };

  const move = async (slot: SlotView) => {
    const { confirm } = await Taro.showModal({
      title: t('resched.confirmTitle'),
      content: t('resched.confirmBody', { doctor: doctorName(chosenDoctor), time: formatVisitTime(slot.startsAt, slot.endsAt, locale) }),
      confirmText: t('resched.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirm) return;
    setBusy(true);
    setError(null);
    try {
      await rescheduleAppointment(a.id, slot.id);
      void Taro.showToast({ title: t('resched.done'), icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 600);
    } catch (e) {
      const failure = toApiError(e, locale);
      if (realName.refused(failure)) return;
      setError(failure.message);
      void slots.query.reload();
    } finally {
      setBusy(false);
    }
  };

  const anyDay = !!slots.slots && slots.slots.length > 0;
  return (
    <View data-testid="reschedule">
      <Text className="yb-muted">{t('resched.intro')}</Text>
      <View className="yb-section">
        <Text className="yb-section__title">{t('resched.current')}</Text>
        <AppointmentSummary appointment={a} />
      </View>

      {doctors.data && doctors.data.length > 1 ? (
        <View className="yb-section">
          <Text className="yb-section__title">{t('resched.doctor')}</Text>
          <View className="yb-choices">
            {doctors.data.map((d) => (
              <Text
                key={d.id}
                className={`yb-choice ${d.id === chosenDoctor ? 'yb-choice--on' : ''}`}
                onClick={() => {
                  setDoctorId(d.id);
                  slots.select(null);
                }}
                data-testid="resched-doctor"
              >
                {d.name}
              </Text>
            ))}
          </View>
        </View>
      ) : null}

      <View className="yb-section">
        <Text className="yb-section__title">{t('slots.title')}</Text>
        <DateStrip days={slots.days} byDate={slots.byDate} selected={slots.selected} onSelect={slots.select} />
        <Text className="yb-small">{t('slots.hospitalTime')}</Text>
      </View>
      <InlineError message={error} />
      {patient && realName.missing.length > 0 ? <RealNameCard profile={patient} missing={realName.missing} after="other" /> : null}
      {busy ? <LoadingState label={t('resched.working')} /> : null}
      {slots.query.loading && !slots.slots ? <LoadingState /> : null}
      {slots.query.error && !slots.slots ? (
        <ErrorState error={slots.query.error} title={t('slots.loadError')} onRetry={() => void slots.query.reload()} />
      ) : null}
      {slots.slots && !anyDay ? (
        <View className="yb-notice">
          <Text className="yb-notice__text">{t('resched.noSlots')}</Text>
        </View>
      ) : null}
      {anyDay && slots.daySlots.length === 0 ? (
        <View className="yb-notice">
          <Text className="yb-notice__text">{t('slots.noClinic', { date: formatDate(slots.selected, locale) })}</Text>
        </View>
      ) : null}
      {anyDay && slots.daySlots.length > 0 && !busy ? (
        <View className="yb-section">
          <SlotList slots={slots.daySlots} onPick={(slot) => void move(slot)} />
        </View>
      ) : null}
    </View>
  );
}

export default function ReschedulePage() {
  const id = useRouter().params.id;
  return (
    <Page title="resched.title">
      <PatientGate>{id ? <Reschedule id={id} /> : null}</PatientGate>
    </Page>
  );
}
