import { Text, View } from '@tarojs/components';
import type { ClubEventView } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';
import type { MessageKey } from '../../../i18n';
import { closedReasonText, clubEventTime, clubPrice, statusKey, statusTone } from '../../../utils/club';

/** One event in the list: kind, title, time, place, price, places left (or the waitlist), the patient's own state or why not. */
export function EventCard(props: { event: ClubEventView; onOpen: () => void }) {
  const { t, locale } = useI18n();
  const e = props.event;
  return (
    <View
      className="yb-club-card yb-row--link"
      onClick={props.onOpen}
      hoverClass="yb-row--pressed"
      data-testid="club-event"
      data-event-id={e.id}
      data-eligible={e.eligible ? 'yes' : 'no'}
      data-closed={e.closedReason?.code ?? 'open'}
      data-mine={e.mine?.status ?? 'none'}
    >
      <View className="yb-club-card__head">
        <Text className="yb-club-card__title">
          <Text className="yb-club-kind">{t(`club.kind.${e.kind}` as MessageKey)}</Text>
          {e.title}
        </Text>
        {e.mine ? (
          <Text className={`yb-status yb-status--${statusTone(e.mine.status)}`} data-testid="club-event-mine">
            {t(statusKey(e.mine.status))}
          </Text>
        ) : null}
      </View>
      <Text className="yb-club-card__line">{clubEventTime(e.startsAt, e.endsAt, locale)}</Text>
      <Text className="yb-club-card__line">{e.online ? t('club.online') : (e.venue ?? '')}</Text>
      <View className="yb-club-card__facts">
        <Text className="yb-club-card__price" data-testid="club-event-price">
          {clubPrice(e, t)}
        </Text>
        <Text>{e.remaining > 0 ? t('club.remaining', { n: e.remaining }) : t('club.full')}</Text>
        {e.waitlisted > 0 ? <Text>{t('club.waitlisted', { n: e.waitlisted })}</Text> : null}
      </View>
      {e.closedReason && !e.mine ? (
        <Text className="yb-club-reason" data-testid="club-event-reason">
          {closedReasonText(e.closedReason, t, locale)}
        </Text>
      ) : null}
    </View>
  );
}
