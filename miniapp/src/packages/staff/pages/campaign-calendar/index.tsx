import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { campaignCalendar } from '../../../../services/campaigns';
import { monthGrid, shiftMonth, weekdayLabel } from '../../../../utils/campaigns';
import { clockTime, hospitalDate } from '../../../../utils/clinic-time';
import { resultsUrl } from '../../campaign-pages';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../campaigns.css';

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** 推送日历: the month's planned and past sends (recurring and triggered ones expanded by the server), prev/next month. */
export default function CampaignCalendarPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const today = hospitalDate(new Date());
  const [month, setMonth] = useState(today.slice(0, 7));
  const calendar = useQuery(() => campaignCalendar(month), [month], !!member);
  const entries = calendar.data;
  const weeks = monthGrid(month, entries ?? []);
  const [year, m] = month.split('-').map(Number) as [number, number];

  return (
    <Page title="calendar.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="campaignCalendar" /> : <View />}
      <ConsoleMain>
        <View data-testid="campaign-calendar" data-month={month}>
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('calendar.title')}</Text>
          </View>
          <View className="yb-campaign-actions">
            <Text className="yb-textbutton" onClick={() => setMonth(shiftMonth(month, -1))} data-testid="calendar-prev">
              {t('calendar.prev')}
            </Text>
            <Text className="yb-console__title" data-testid="calendar-month">
              {t('calendar.month', { year, month: m, monthName: EN_MONTHS[m - 1]! })}
            </Text>
            <Text className="yb-textbutton" onClick={() => setMonth(shiftMonth(month, 1))} data-testid="calendar-next">
              {t('calendar.next')}
            </Text>
          </View>
          {!member || (calendar.loading && !entries) ? <LoadingState /> : null}
          {calendar.error ? <ErrorState error={calendar.error} title={t('calendar.loadError')} onRetry={() => void calendar.reload()} /> : null}
          {entries && entries.length === 0 && !calendar.loading ? <EmptyState title={t('calendar.empty')} hint={t('calendar.emptyHint')} /> : null}
          <View className="yb-campaign-weekdays" aria-hidden="true">
            {WEEK.map((d) => (
              <Text key={d}>{weekdayLabel(d, locale)}</Text>
            ))}
          </View>
          <View className={`yb-campaign-calendar ${calendar.loading ? 'yb-admin-list--stale' : ''}`} role="grid">
            {weeks.flat().map((day) => (
              <View
                key={day.date}
                className={`yb-campaign-day ${day.inMonth ? '' : 'yb-campaign-day--out'} ${day.date === today ? 'yb-campaign-day--today' : ''}`}
                role="gridcell"
                data-testid="calendar-day"
                data-date={day.date}
                data-count={day.entries.length}
              >
                <Text className="yb-campaign-day__num">{day.day}</Text>
                {day.entries.map((e) => (
                  <Text
                    key={`${e.campaignId}-${e.at}`}
                    className={`yb-campaign-entry yb-campaign-entry--${e.status}`}
                    onClick={() => void Taro.navigateTo({ url: resultsUrl(e.campaignId) })}
                    data-testid="calendar-entry"
                    data-campaign-id={e.campaignId}
                    data-kind={e.kind}
                  >
                    {clockTime(e.at)} {e.name}
                  </Text>
                ))}
              </View>
            ))}
          </View>
        </View>
      </ConsoleMain>
    </Page>
  );
}
