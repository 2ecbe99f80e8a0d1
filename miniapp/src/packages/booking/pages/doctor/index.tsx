import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { WaitlistEntryView } from '@yiban/shared';
import { useState } from 'react';
import { DoctorCard } from '../../../../components/DoctorCard';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { RealNameCard } from '../../../../components/RealNameCard';
import { EmptyState, ErrorState, InlineError, ListSkeleton } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useRealName } from '../../../../hooks/use-real-name';
import { activeProfile, useAppState } from '../../../../store/app-store';
import { getDoctor, joinWaitlist } from '../../../../services/booking';
import { toApiError } from '../../../../services/errors';
import { formatDate } from '../../../../utils/clinic-time';
import { DateStrip, SlotList } from '../../components/SlotPicker';
import { WAITLIST_PAGE } from '../../payment-handoff';
import { useDoctorSlots } from '../../use-slots';
import { useReminderAsk } from '../../../../hooks/use-reminder-ask';
import '../../booking.css';

const WAITLIST_KINDS = ['waitlist_offer'] as const;

function DoctorBooking(props: { doctorId: string }) {
  const { t, locale } = useI18n();
  const doctor = useQuery(() => getDoctor(props.doctorId), [props.doctorId, locale]);
  const slots = useDoctorSlots(props.doctorId);
  const reminders = useReminderAsk(WAITLIST_KINDS);
  const [joining, setJoining] = useState(false);
  const [joined, setJoined] = useState<Record<string, WaitlistEntryView>>({});
  const [joinError, setJoinError] = useState<string | null>(null);
  const profile = useAppState(activeProfile);
  const realName = useRealName(profile);

  usePullDownRefresh(() => {
    void Promise.all([doctor.reload(), slots.query.reload()]).finally(() => Taro.stopPullDownRefresh());
  });

  const loadError = doctor.error ?? (slots.slots ? null : slots.query.error);
  const day = slots.byDate?.get(slots.selected);
  const availability = day?.availability.state ?? 'none';
  const anyDay = !!slots.slots && slots.slots.length > 0;

  const join = () => {
    // The popup first, inside the tap (WeChat allows it nowhere else); the patient wants to hear about a place.
    reminders.ask({ unprompted: true });
    setJoining(true);
    setJoinError(null);
    const date = slots.selected;
    joinWaitlist({ doctorId: props.doctorId, date })
      .then((entry) => setJoined((j) => ({ ...j, [date]: entry })))
      .catch((e) => {
        const error = toApiError(e, locale);
        if (realName.refused(error)) return;
        setJoinError(error.message);
        // WAITLIST_NOT_NEEDED: places appeared meanwhile — show them.
        if (error.code === 'WAITLIST_NOT_NEEDED') void slots.query.reload();
      })
      .finally(() => setJoining(false));
  };

  const pick = (slotId: string) => void Taro.navigateTo({ url: `/packages/booking/pages/confirm/index?doctorId=${props.doctorId}&slotId=${slotId}` });
  const joinedHere = joined[slots.selected];

  return (
    <View data-testid="doctor-page">
      {doctor.data ? (
        <DoctorCard
          doctor={doctor.data}
          footer={
            <Text
              className="yb-link"
              onClick={() =>
                void Taro.navigateTo({
                  url: `/packages/consult/pages/start/index?departmentId=${doctor.data!.departmentId}&doctorId=${doctor.data!.id}`,
                })
              }
              data-testid="doctor-consult"
            >
              {t('consult.askDoctor')} ›
            </Text>
          }
        />
      ) : null}
      {/* One error block with one retry: offline, both the doctor and the slots fail with the same reason. */}
      {loadError ? <ErrorState error={loadError} onRetry={() => void Promise.all([doctor.reload(), slots.query.reload()])} /> : null}

      {loadError ? null : (
        <View className="yb-section">
          <Text className="yb-section__title">{t('slots.title')}</Text>
          <DateStrip
            days={slots.days}
            byDate={slots.byDate}
            selected={slots.selected}
            onSelect={(date) => {
              slots.select(date);
              setJoinError(null);
            }}
          />
          <Text className="yb-small">{t('slots.hospitalTime')}</Text>
        </View>
      )}

      {slots.query.loading && !slots.slots && !loadError ? <ListSkeleton rows={3} /> : null}
      {slots.slots && !anyDay ? <EmptyState icon="calendarOff" title={t('slots.emptyTitle')} hint={t('slots.emptyHint')} /> : null}

      {anyDay && availability === 'none' ? (
        <View className="yb-notice" data-testid="no-clinic">
          <Text className="yb-notice__text">{t('slots.noClinic', { date: formatDate(slots.selected, locale) })}</Text>
        </View>
      ) : null}

      {anyDay && day ? (
        <View className="yb-section">
          <SlotList slots={day.slots} onPick={(slot) => pick(slot.id)} />
        </View>
      ) : null}

      {anyDay && availability === 'full' ? (
        <View className="yb-card yb-card--padded yb-section" data-testid="waitlist-offer">
          <Text className="yb-h2">{t('slots.dayFullTitle', { date: formatDate(slots.selected, locale) })}</Text>
          <Text className="yb-muted">{t('slots.waitlistHint')}</Text>
          <InlineError message={joinError} />
          {joinedHere ? (
            <View className="yb-actions">
              <Text className="yb-body yb-strong" data-testid="waitlist-joined">
                {joinedHere.position ? t('slots.joinedWaitlist', { n: joinedHere.position }) : t('slots.joinedWaitlistNoPos')}
              </Text>
              <Button size="large" fill="outline" onClick={() => void Taro.navigateTo({ url: WAITLIST_PAGE })}>
                {t('slots.viewWaitlist')}
              </Button>
            </View>
          ) : profile && realName.missing.length > 0 ? (
            <RealNameCard profile={profile} missing={realName.missing} after="other" inset />
          ) : (
            <View className="yb-actions">
              <Button type="primary" size="large" loading={joining} disabled={joining} onClick={join} data-testid="join-waitlist">
                {joining ? t('slots.joiningWaitlist') : t('slots.joinWaitlist')}
              </Button>
            </View>
          )}
        </View>
      ) : null}
    </View>
  );
}

export default function DoctorPage() {
  const id = useRouter().params.id;
  return (
    <Page title="doctor.title">
      {/* Open to browse without consent: slots are public; joining the waiting list asks for consent (the server's rule). */}
      <PatientGate browse>{id ? <DoctorBooking doctorId={id} /> : null}</PatientGate>
    </Page>
  );
}
