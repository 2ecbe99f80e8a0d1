import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { WaitlistEntryView } from '@yiban/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { RealNameCard } from '../../../../components/RealNameCard';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { useNow } from '../../../../hooks/use-now';
import { useQuery } from '../../../../hooks/use-query';
import { useRealName } from '../../../../hooks/use-real-name';
import { acceptWaitlistOffer, declineWaitlistOffer, leaveWaitlist, listMyWaitlist } from '../../../../services/booking';
import { toApiError } from '../../../../services/errors';
import { activeProfile, useAppState } from '../../../../store/app-store';
import { waitlistStatusKey } from '../../../../utils/appointments';
import { countdown, formatDate, formatVisitTime } from '../../../../utils/clinic-time';
import { formatFen } from '../../../../utils/money';
import { ReminderCard } from '../../../../components/ReminderCard';
import { handOffPayment, RESULT_PAGE } from '../../payment-handoff';
import { useReminderAsk } from '../../../../hooks/use-reminder-ask';
import '../../booking.css';

const WAITLIST_KINDS = ['waitlist_offer'] as const;
const ACTIVE: readonly WaitlistEntryView['status'][] = ['offered', 'waiting'];

function Waitlist() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const profile = useAppState(activeProfile);
  const realName = useRealName(profile);
  const list = useQuery(listMyWaitlist, [patientId]);
  const [entries, setEntries] = useState<WaitlistEntryView[] | undefined>();
  useEffect(() => {
    if (list.data) setEntries(list.data);
  }, [list.data]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reminders = useReminderAsk(WAITLIST_KINDS);
  const hasOffer = !!entries?.some((e) => e.status === 'offered');
  const now = useNow(1_000, hasOffer);

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReloadOnShow(() => list.reload());

  const replace = (entry: WaitlistEntryView) => setEntries((all) => all?.map((e) => (e.id === entry.id ? entry : e)));

  const run = async (id: string, work: () => Promise<void>) => {
    setBusy(id);
    setError(null);
    try {
      await work();
    } catch (e) {
      const failure = toApiError(e, locale);
      if (!realName.refused(failure)) setError(failure.message);
      // WAITLIST_OFFER_EXPIRED and state conflicts: the list has moved on.
      void list.reload();
    } finally {
      setBusy(null);
    }
  };

  const accept = (entry: WaitlistEntryView) =>
    run(entry.id, async () => {
      const booked = await acceptWaitlistOffer(entry.id);
      const id = booked.appointment.id;
      if (booked.payment && booked.appointment.status === 'pending_payment') {
        handOffPayment(id, booked.payment);
        await Taro.navigateTo({ url: `${RESULT_PAGE}?id=${id}&autopay=1` });
      } else await Taro.navigateTo({ url: `${RESULT_PAGE}?id=${id}` });
    });

  const decline = async (entry: WaitlistEntryView) => {
    const { confirm } = await Taro.showModal({
      title: t('waitlist.decline'),
      content: t('waitlist.declineConfirm'),
      confirmText: t('waitlist.decline'),
      cancelText: t('common.cancel'),
    });
    if (confirm) await run(entry.id, async () => replace(await declineWaitlistOffer(entry.id)));
  };

  const leave = async (entry: WaitlistEntryView) => {
    const { confirm } = await Taro.showModal({
      title: t('waitlist.leave'),
      content: t('waitlist.leaveConfirm'),
      confirmText: t('waitlist.leave'),
      cancelText: t('common.cancel'),
    });
    if (confirm) await run(entry.id, async () => replace(await leaveWaitlist(entry.id)));
  };

  const sorted = [...(entries ?? [])].sort((a, b) => Number(ACTIVE.includes(b.status)) - Number(ACTIVE.includes(a.status)) || a.date.localeCompare(b.date));

  return (
    <View data-testid="waitlist">
      <Text className="yb-muted">{t('waitlist.intro')}</Text>
      {list.loading && !entries ? <LoadingState /> : null}
      {list.error && !entries ? <ErrorState error={list.error} title={t('waitlist.loadError')} onRetry={() => void list.reload()} /> : null}
      {entries && entries.length === 0 ? <EmptyState icon="clock" title={t('waitlist.empty')} hint={t('waitlist.emptyHint')} /> : null}
      <InlineError message={error} />
      {/* Accepting an offer books the visit: it needs the real name (实名) first. */}
      {profile && hasOffer && realName.missing.length > 0 ? <RealNameCard profile={profile} missing={realName.missing} after="other" /> : null}

      {sorted.map((entry) => {
        const left = entry.offer ? countdown(entry.offer.expiresAt, now, locale) : null;
        return (
          <View key={entry.id} className="yb-appt" style={{ cursor: 'default' }} data-testid="waitlist-entry" data-status={entry.status}>
            <View className="yb-appt__head">
              <Text className="yb-appt__title">
                {entry.doctorName} · {entry.departmentName}
              </Text>
              <Text className={`yb-status yb-status--${entry.status === 'offered' ? 'attention' : ACTIVE.includes(entry.status) ? 'good' : 'neutral'}`}>
                {t(waitlistStatusKey(entry.status))}
              </Text>
            </View>
            <Text className="yb-appt__line">{formatDate(entry.date, locale)}</Text>
            {entry.status === 'waiting' && entry.position ? <Text className="yb-muted">{t('waitlist.position', { n: entry.position })}</Text> : null}

            {entry.status === 'offered' && entry.offer ? (
              <View>
                <Text className="yb-appt__line yb-strong">
                  {t('waitlist.offer', { time: formatVisitTime(entry.offer.startsAt, entry.offer.endsAt, locale), fee: formatFen(entry.offer.fee) })}
                </Text>
                <Text className="yb-body" data-testid="waitlist-countdown">
                  {left ? t('waitlist.offerCountdown', { countdown: left }) : t('waitlist.offerExpired')}
                </Text>
                <View className="yb-actions">
                  <Button type="primary" size="large" loading={busy === entry.id} disabled={!!busy || !left} onClick={() => void accept(entry)}>
                    {busy === entry.id ? t('waitlist.accepting') : t('waitlist.accept')}
                  </Button>
                  <Button size="large" fill="outline" disabled={!!busy || !left} onClick={() => void decline(entry)}>
                    {t('waitlist.decline')}
                  </Button>
                </View>
              </View>
            ) : null}

            {entry.status === 'waiting' ? (
              <Text className="yb-textbutton yb-textbutton--danger" onClick={() => void leave(entry)}>
                {t('waitlist.leave')}
              </Text>
            ) : null}
          </View>
        );
      })}

      {entries?.some((e) => ACTIVE.includes(e.status)) ? (
        <ReminderCard
          reminders={reminders}
          title={t('waitlist.remindOn')}
          hint={t('waitlist.remindHint')}
          button={t('waitlist.remindOn')}
          done={t('waitlist.remindDone')}
        />
      ) : null}
    </View>
  );
}

export default function WaitlistPage() {
  return (
    <Page title="waitlist.title">
      <PatientGate>
        <Waitlist />
      </PatientGate>
    </Page>
  );
}
