import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { HomeDoctorRepliesCard, HomeMessagesCard, HomeNextVisitCard, HomePaymentDueCard, PatientHome } from '@yiban/shared';
import { useEffect } from 'react';
import { useI18n } from '../../hooks/use-i18n';
import { useReloadOnShow } from '../../hooks/use-reload-on-show';
import { useNow } from '../../hooks/use-now';
import { useQuery } from '../../hooks/use-query';
import { useUnread } from '../../hooks/use-unread';
import { getHome } from '../../services/home';
import { useAppState } from '../../store/app-store';
import { localName, placeOf } from '../../utils/appointments';
import { countdown, formatVisitTime } from '../../utils/clinic-time';
import { formatFen } from '../../utils/money';
import { Icon } from '../Icon';
import { CatalogText } from '../InChinese';
import { Button } from '../nut';
import { groupDigits } from '../../utils/digits';
import './home-cards.css';

const open = (link: string) => () => void Taro.navigateTo({ url: `/${link}` });

/** A hold waiting for its money: what it is, the time left in words, and the button that pays. */
function PaymentDue(props: { card: HomePaymentDueCard; now: Date }) {
  const { t, locale } = useI18n();
  const { card } = props;
  const left = countdown(card.payBefore, props.now, locale);
  const appointment = card.appointment;
  return (
    <View className="yb-card yb-card--padded yb-home-card yb-home-card--urgent" data-testid="home-pay" data-purpose={card.purpose}>
      <View className="yb-home-card__head">
        <Icon name="receipt" tone="danger" size="m" />
        <Text className="yb-home-card__kicker">{t(card.purpose === 'appointment' ? 'homeCard.payAppointment' : 'homeCard.payConsultation')}</Text>
      </View>
      <Text className="yb-h2">{card.title}</Text>
      {appointment ? <Text className="yb-body">{formatVisitTime(appointment.startsAt, appointment.endsAt, locale)}</Text> : null}
      <Text className="yb-home-card__countdown" data-testid="home-pay-countdown">
        {left
          ? t(card.purpose === 'appointment' ? 'homeCard.payCountdownAppointment' : 'homeCard.payCountdownConsultation', { countdown: left })
          : t('homeCard.payExpired')}
      </Text>
      {left ? (
        <Button type="primary" size="large" block className="yb-home-card__action" onClick={open(card.link)} data-testid="home-pay-button">
          {t('homeCard.payNow', { amount: formatFen(card.amount) })}
        </Button>
      ) : null}
    </View>
  );
}

/** The next visit: when (hospital time), where, with whom, and the way to the QR and the number read aloud. */
function NextVisit(props: { card: HomeNextVisitCard }) {
  const { t, locale } = useI18n();
  const a = props.card.appointment;
  const place = placeOf(a, locale);
  const doctor = localName({ zh: a.doctorName, en: a.doctorNameEn }, locale);
  const department = localName({ zh: a.departmentName, en: a.departmentNameEn }, locale);
  return (
    <View className="yb-card yb-card--padded yb-home-card" data-testid="home-next-visit" data-appointment-id={a.id}>
      <View className="yb-home-card__head">
        <Icon name="calendarCheck" size="m" />
        <Text className="yb-home-card__kicker">{t('homeCard.nextVisit')}</Text>
      </View>
      <View onClick={open(props.card.link)} hoverClass="yb-row--pressed" role="link">
        <Text className="yb-h2" data-testid="home-next-visit-time">
          {formatVisitTime(a.startsAt, a.endsAt, locale)}
        </Text>
        <Text className="yb-body yb-home-card__line">
          {department} · {doctor}
        </Text>
        {place.text ? (
          <View className="yb-home-card__line">
            <CatalogText text={place.text} fallback={place.fallback} className="yb-muted" />
          </View>
        ) : null}
        {a.status === 'checked_in' ? <Text className="yb-body yb-strong">{t('homeCard.checkedIn')}</Text> : null}
      </View>
      {a.checkInCode ? (
        <View
          className="yb-home-card__code"
          onClick={open(props.card.link)}
          hoverClass="yb-row--pressed"
          role="button"
          aria-label={t('homeCard.showCodeLabel')}
          data-testid="home-next-visit-code"
        >
          <View className="yb-home-card__qr" aria-hidden="true">
            {Array.from({ length: 9 }, (_, i) => (
              <View key={i} className={`yb-home-card__qr-cell ${[0, 2, 4, 6, 8, 3].includes(i) ? 'yb-home-card__qr-cell--on' : ''}`} />
            ))}
          </View>
          <View className="yb-home-card__code-text">
            <Text className="yb-strong yb-body">{t('homeCard.showCode')}</Text>
            {a.checkInNumber ? (
              <Text className="yb-muted" data-testid="home-next-visit-number">
                {t('homeCard.visitNumber')} {groupDigits(a.checkInNumber)}
              </Text>
            ) : null}
          </View>
          <Icon name="forward" tone="muted" size="m" />
        </View>
      ) : null}
    </View>
  );
}

/** Unread answers from doctors: who answered, the start of what they wrote, a tap to the chat. */
function DoctorReplies(props: { card: HomeDoctorRepliesCard }) {
  const { t, locale } = useI18n();
  const { card } = props;
  const more = card.consultations.length > 1 ? card.consultations.length - 1 : 0;
  const first = card.consultations[0]!;
  const doctor = first.assigneeName ?? (first.doctorName ? localName({ zh: first.doctorName, en: first.doctorNameEn ?? '' }, locale) : t('homeCard.pool'));
  const preview = first.lastMessagePreview ?? '';
  return (
    <View
      className="yb-card yb-card--padded yb-home-card"
      onClick={open(`packages/consult/pages/chat/index?id=${first.id}`)}
      hoverClass="yb-row--pressed"
      role="button"
      aria-label={t('homeCard.repliesLabel', { doctor, preview })}
      data-testid="home-replies"
      data-total={card.total}
    >
      <View className="yb-home-card__head">
        <Icon name="chat" size="m" />
        <Text className="yb-home-card__kicker">{t('homeCard.repliesTitle')}</Text>
        <Text className="yb-badge yb-badge--attention" data-testid="home-replies-count">
          {card.total === 1 ? t('homeCard.repliesOne') : t('homeCard.replies', { n: card.total })}
        </Text>
      </View>
      <Text className="yb-h2">{doctor}</Text>
      {preview ? (
        <Text className="yb-body yb-home-card__preview" data-testid="home-replies-preview">
          {preview}
        </Text>
      ) : null}
      {more > 0 ? <Text className="yb-muted">{t('homeCard.repliesMore', { n: more })}</Text> : null}
      <Text className="yb-link">{t('homeCard.repliesOpen')} ›</Text>
    </View>
  );
}

/** "2 条未读消息" and the newest title; a tap opens 消息. The family's unread are pointed at, not opened. */
function Messages(props: { card: HomeMessagesCard }) {
  const { t } = useI18n();
  const { card } = props;
  const heading = card.count === 1 ? t('home.unreadOne') : t('home.unread', { n: card.count });
  if (card.count < 1) {
    return (
      <View className="yb-notice" data-testid="home-family-unread">
        <Text className="yb-notice__text">{t('homeCard.familyUnread', { n: card.otherProfiles })}</Text>
        <Text className="yb-textbutton" onClick={() => void Taro.navigateTo({ url: '/packages/family/pages/index/index' })}>
          {t('home.switchProfile')}
        </Text>
      </View>
    );
  }
  const title = card.newest?.title ?? null;
  return (
    <View
      className="yb-card yb-card--padded yb-unread-card yb-home-card"
      onClick={() => void Taro.switchTab({ url: '/pages/messages/index' })}
      hoverClass="yb-row--pressed"
      role="button"
      aria-label={title ? t('home.unreadLabel', { heading, title }) : heading}
      data-testid="home-unread"
      data-count={card.count}
    >
      <View className="yb-unread-card__head">
        <View className="yb-message__dot" aria-hidden="true" />
        <Text className="yb-h2 yb-unread-card__count" data-testid="home-unread-count">
          {heading}
        </Text>
      </View>
      {title ? (
        <Text className="yb-body" data-testid="home-unread-title">
          {t('home.unreadNewest', { title })}
        </Text>
      ) : null}
      {card.otherProfiles > 0 ? <Text className="yb-muted">{t('homeCard.familyUnread', { n: card.otherProfiles })}</Text> : null}
      <Text className="yb-link">{t('home.unreadOpen')} ›</Text>
    </View>
  );
}

/**
 * What is next for the acting profile, one card each, most urgent first (the server's order); nothing at all when
 * nothing is due. Kinds this version does not know are skipped. Fresh whenever 首页 is shown and whenever the unread
 * count changes (a message read elsewhere, a reply arriving).
 */
export function HomeCards() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const live = useUnread();
  const query = useQuery<PatientHome>(getHome, [patientId, locale, live.count, live.otherProfiles], !!patientId);
  const { reload } = query;
  // Back from paying, a chat or 消息: show where things stand now.
  useReloadOnShow(reload);
  const cards = query.data?.patientId === patientId ? query.data.cards : [];
  const counting = cards.some((c) => c.kind === 'payment_due');
  const now = useNow(1_000, counting);
  // A hold that ran out: ask again, so the card goes (the server released it).
  const expired = cards.some((c) => c.kind === 'payment_due' && new Date(c.payBefore) <= now);
  useEffect(() => {
    if (expired) void reload();
  }, [expired, reload]);

  if (query.error && !query.data) {
    return (
      <View className="yb-section">
        <View className="yb-notice" role="alert" data-testid="home-cards-error">
          <Text className="yb-notice__text">{t('homeCard.loadError')}</Text>
          <Text className="yb-textbutton" onClick={() => void reload()}>
            {t('common.retry')}
          </Text>
        </View>
      </View>
    );
  }
  if (!cards.length) return null;
  return (
    <View className="yb-section yb-home-cards" data-testid="home-cards" data-locale={locale}>
      {cards.map((card) => {
        switch (card.kind) {
          case 'payment_due':
            return <PaymentDue key={`pay:${card.appointment?.id ?? card.consultation?.id}`} card={card} now={now} />;
          case 'next_visit':
            return <NextVisit key="next" card={card} />;
          case 'doctor_replies':
            return <DoctorReplies key="replies" card={card} />;
          case 'messages': {
            // The live unread counts (the tab badge's) win once known: a message read a moment ago hides the card at once.
            const shown = live.known
              ? { ...card, count: Math.min(card.count, live.count), otherProfiles: Math.min(card.otherProfiles, live.otherProfiles) }
              : card;
            return shown.count > 0 || shown.otherProfiles > 0 ? <Messages key="messages" card={shown} /> : null;
          }
          default:
            return null;
        }
      })}
    </View>
  );
}
