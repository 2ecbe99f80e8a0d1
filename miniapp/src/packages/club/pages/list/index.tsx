import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { ClubRegistrationView } from '@yiban/shared';
import { Section } from '../../../../components/ListRow';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, ListSkeleton } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { CLUB_EVENT_PAGE, clubEvents, myRegistrations } from '../../../../services/club';
import { useAppState } from '../../../../store/app-store';
import { clubWhen, statusKey, statusTone } from '../../../../utils/club';
import { EventCard } from '../../components/EventCard';
import '../../club.css';

const ACTIVE: ClubRegistrationView['status'][] = ['pending_payment', 'registered', 'waitlisted', 'offered', 'attended'];

function MyEvents(props: { items: ClubRegistrationView[] }) {
  const { t, locale } = useI18n();
  const now = Date.now();
  // Coming and current first; past attendance stays (it is a record); cancelled and lapsed ones are left out.
  const items = props.items.filter(
    (r) => ACTIVE.includes(r.status) && (r.status === 'attended' || !r.event || new Date(r.event.startsAt).getTime() > now - 86_400_000),
  );
  return (
    <Section title={t('club.mine')}>
      {items.length === 0 ? (
        <View className="yb-club-card" data-testid="club-mine-empty">
          <Text className="yb-body">{t('club.mineEmpty')}</Text>
          <Text className="yb-club-card__line">{t('club.mineEmptyHint')}</Text>
        </View>
      ) : (
        items.map((r) => (
          <View
            key={r.id}
            className="yb-club-card yb-row--link"
            hoverClass="yb-row--pressed"
            onClick={() => void Taro.navigateTo({ url: `${CLUB_EVENT_PAGE}?id=${r.eventId}` })}
            data-testid="club-mine"
            data-status={r.status}
            data-event-id={r.eventId}
          >
            <View className="yb-club-card__head">
              <Text className="yb-club-card__title">{r.event?.title ?? ''}</Text>
              <Text className={`yb-status yb-status--${statusTone(r.status)}`}>{t(statusKey(r.status))}</Text>
            </View>
            {r.event ? (
              <Text className="yb-club-card__line">
                {clubWhen(r.event.startsAt, locale)} · {r.event.online ? t('club.online') : (r.event.venue ?? '')}
              </Text>
            ) : null}
            {r.status === 'waitlisted' && r.ahead !== undefined ? (
              <Text className="yb-club-card__line">{r.ahead > 0 ? t('club.waitAhead', { n: r.ahead }) : t('club.waitNext')}</Text>
            ) : null}
            {r.status === 'offered' && r.offerExpiresAt ? (
              <Text className="yb-club-card__line">{t('club.offerUntil', { time: clubWhen(r.offerExpiresAt, locale) })}</Text>
            ) : null}
          </View>
        ))
      )}
    </Section>
  );
}

function Events() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const events = useQuery(clubEvents, [patientId, locale]);
  const mine = useQuery(myRegistrations, [patientId, locale]);
  const reload = () => Promise.all([events.reload(), mine.reload()]);
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from an event (registered, paid, cancelled): show where things stand.
  useReloadOnShow(() => reload());

  if (events.loading && !events.data) return <ListSkeleton rows={3} />;
  if (events.error && !events.data) return <ErrorState error={events.error} title={t('club.loadError')} onRetry={() => void reload()} />;
  const all = events.data ?? [];
  const open = all.filter((e) => !e.closedReason || e.mine);
  const others = all.filter((e) => e.closedReason && !e.mine);
  const openEvent = (id: string) => () => void Taro.navigateTo({ url: `${CLUB_EVENT_PAGE}?id=${id}` });
  return (
    <View data-testid="club-list">
      <Text className="yb-muted">{t('club.intro')}</Text>
      {mine.data ? <MyEvents items={mine.data} /> : null}
      {all.length === 0 ? (
        <EmptyState icon="calendar" title={t('club.empty')} hint={t('club.emptyHint')} />
      ) : (
        <>
          {open.length ? (
            <Section title={t('club.open')}>
              {open.map((e) => (
                <EventCard key={e.id} event={e} onOpen={openEvent(e.id)} />
              ))}
            </Section>
          ) : null}
          {others.length ? (
            <Section title={t('club.others')}>
              <Text className="yb-club-card__line yb-club-desc">{t('club.othersHint')}</Text>
              {others.map((e) => (
                <EventCard key={e.id} event={e} onOpen={openEvent(e.id)} />
              ))}
            </Section>
          ) : null}
        </>
      )}
    </View>
  );
}

/** 俱乐部活动: my events, then the events the patient may join, then the others with why not. */
export default function ClubListPage() {
  return (
    <Page title="club.title">
      <PatientGate>
        <Events />
      </PatientGate>
    </Page>
  );
}
