import { ScrollView, Text, View } from '@tarojs/components';
import { MEMBER_TIER_LABELS, type MemberTier, type SlotView } from '@yiban/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../../hooks/use-i18n';
import { formatFen } from '../../../utils/money';
import {
  availabilityOn,
  clockTime,
  formatDate,
  hospitalDate,
  stripDate,
  stripLabel,
  timeRange,
  type availabilityByDate,
  type StripDay,
} from '../../../utils/clinic-time';

type ByDate = ReturnType<typeof availabilityByDate<SlotView>>;

/** The next two weeks, one tap per day: each day says whether it has places, is full, or has no clinic. */
export function DateStrip(props: { days: StripDay[]; byDate: ByDate | undefined; selected: string; onSelect: (date: string) => void }) {
  const { t, locale } = useI18n();
  return (
    <ScrollView scrollX className="yb-strip" data-testid="date-strip" scrollIntoView={`day-${props.selected}`}>
      <View className="yb-strip__inner">
        {props.days.map((day) => {
          const availability = props.byDate ? availabilityOn(props.byDate, day.date) : null;
          const on = day.date === props.selected;
          return (
            <View
              key={day.date}
              id={`day-${day.date}`}
              className={`yb-strip__day ${on ? 'yb-strip__day--on' : ''}`}
              data-testid="strip-day"
              data-date={day.date}
              data-state={availability?.state ?? 'loading'}
              onClick={() => props.onSelect(day.date)}
            >
              <Text className="yb-strip__label">{stripLabel(day, locale)}</Text>
              <Text className="yb-strip__date">{stripDate(day, locale)}</Text>
              <Text className={`yb-strip__avail yb-strip__avail--${availability?.state ?? 'none'}`}>
                {availability === null
                  ? ' '
                  : availability.state === 'open'
                    ? t('slots.dayOpen', { n: availability.remaining })
                    : availability.state === 'full'
                      ? t('slots.dayFull')
                      : t('slots.dayNone')}
              </Text>
            </View>
          );
        })}
      </View>
    </ScrollView>
  );
}

/** One day's slots: time (hospital time), type and fee, places left; a full slot cannot be chosen. */
export function SlotList(props: { slots: SlotView[]; onPick: (slot: SlotView) => void; footer?: ReactNode }) {
  const { t, locale } = useI18n();
  return (
    <View className="yb-card" data-testid="slots">
      {props.slots.map((slot) => {
        const open = slot.remaining > 0;
        return (
          <View
            key={slot.id}
            className={`yb-slot ${open ? 'yb-slot--open' : 'yb-slot--full'}`}
            data-testid="slot"
            data-slot-id={slot.id}
            data-remaining={slot.remaining}
            onClick={open ? () => props.onPick(slot) : undefined}
            hoverClass={open ? 'yb-row--pressed' : 'none'}
          >
            <Text className="yb-slot__time">{timeRange(slot.startsAt, slot.endsAt)}</Text>
            <View className="yb-slot__main">
              <Text className="yb-slot__fee">{slot.fee > 0 ? formatFen(slot.fee) : t('confirm.free')}</Text>
              <Text className="yb-slot__left">
                {t(`visitType.${slot.visitType}`)} · {open ? t('slots.remaining', { n: slot.remaining }) : t('slots.full')}
                {slot.reservedForTier
                  ? ` · ${t('slots.reservedFor', {
                      tier: MEMBER_TIER_LABELS[slot.reservedForTier as MemberTier]?.[locale === 'en' ? 'en' : 'zh'] ?? slot.reservedForTier,
                      time: slot.reservedOpensAt ? `${formatDate(hospitalDate(slot.reservedOpensAt), locale)} ${clockTime(slot.reservedOpensAt)}` : '',
                    })}`
                  : ''}
              </Text>
            </View>
            <Text className="yb-slot__go">{open ? t('slots.pick') : t('slots.full')}</Text>
          </View>
        );
      })}
      {props.footer}
    </View>
  );
}
