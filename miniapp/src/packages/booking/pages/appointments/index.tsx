import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { CatalogText } from '../../../../components/InChinese';
import { ListRow, Section } from '../../../../components/ListRow';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { useQuery } from '../../../../hooks/use-query';
import { listMyAppointments } from '../../../../services/booking';
import { activeProfile, useAppState } from '../../../../store/app-store';
import { localName, placeOf, splitAppointments } from '../../../../utils/appointments';
import { formatVisitTime } from '../../../../utils/clinic-time';
import { displayName } from '../../../../utils/people';
import { StatusBadge } from '../../components/AppointmentSummary';
import { APPOINTMENT_PAGE, WAITLIST_PAGE } from '../../payment-handoff';
import '../../booking.css';

type Tab = 'upcoming' | 'past';

function MyAppointments() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const profile = useAppState(activeProfile);
  const hasFamily = useAppState((s) => s.patient.profiles.length > 1);
  const list = useQuery(listMyAppointments, [patientId]);
  const [tab, setTab] = useState<Tab>('upcoming');

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from a detail page (cancelled, paid, moved): show what changed.
  useReloadOnShow(() => list.reload());

  const { upcoming, past } = splitAppointments(list.data ?? [], new Date());
  const shown = tab === 'upcoming' ? upcoming : past;

  return (
    <View data-testid="appointments">
      {hasFamily && profile ? <Text className="yb-muted">{t('appts.forProfile', { name: displayName(profile, t) })}</Text> : null}
      <View className="yb-tabs">
        {(['upcoming', 'past'] as const).map((key) => (
          <Text
            key={key}
            className={`yb-tabs__tab ${tab === key ? 'yb-tabs__tab--on' : ''}`}
            onClick={() => setTab(key)}
            data-testid={`appts-tab-${key}`}
            data-selected={tab === key ? 'yes' : 'no'}
          >
            {t(key === 'upcoming' ? 'appts.upcoming' : 'appts.past')}
            {list.data ? ` (${(key === 'upcoming' ? upcoming : past).length})` : ''}
          </Text>
        ))}
      </View>

      {list.loading && !list.data ? <LoadingState /> : null}
      {list.error && !list.data ? <ErrorState error={list.error} title={t('appts.loadError')} onRetry={() => void list.reload()} /> : null}

      {list.data && shown.length === 0 ? (
        tab === 'upcoming' ? (
          <EmptyState
            icon="calendar"
            title={t('appts.emptyUpcoming')}
            hint={t('appts.emptyUpcomingHint')}
            action={
              <Button type="primary" size="large" onClick={() => void Taro.switchTab({ url: '/pages/booking/index' })}>
                {t('appts.bookNow')}
              </Button>
            }
          />
        ) : (
          <EmptyState icon="calendarCheck" title={t('appts.emptyPast')} hint={t('appts.emptyPastHint')} />
        )
      ) : null}

      {shown.map((a) => (
        <View
          key={a.id}
          className="yb-appt"
          data-testid="appt-item"
          data-appointment-id={a.id}
          data-status={a.status}
          onClick={() => void Taro.navigateTo({ url: `${APPOINTMENT_PAGE}?id=${a.id}` })}
          hoverClass="yb-row--pressed"
        >
          <View className="yb-appt__head">
            <Text className="yb-appt__title">
              {localName({ zh: a.doctorName, en: a.doctorNameEn }, locale)} · {localName({ zh: a.departmentName, en: a.departmentNameEn }, locale)}
            </Text>
            <StatusBadge status={a.status} />
          </View>
          <Text className="yb-appt__line">{formatVisitTime(a.startsAt, a.endsAt, locale)}</Text>
          {a.location ? <CatalogText className="yb-muted" {...placeOf(a, locale)} /> : null}
        </View>
      ))}

      <Section>
        <ListRow
          title={t('appts.waitlist')}
          hint={t('appts.waitlistHint')}
          arrow
          onClick={() => void Taro.navigateTo({ url: WAITLIST_PAGE })}
          testId="appts-waitlist"
        />
      </Section>
    </View>
  );
}

export default function AppointmentsPage() {
  return (
    <Page title="appts.title">
      <PatientGate>
        <MyAppointments />
      </PatientGate>
    </Page>
  );
}
