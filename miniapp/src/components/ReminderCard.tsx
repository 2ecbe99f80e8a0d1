import { Text, View } from '@tarojs/components';
import { Button } from './nut';
import { useI18n } from '../hooks/use-i18n';
import type { useReminderAsk } from '../hooks/use-reminder-ask';

/** "Turn on visit reminders" (or reply alerts): one tap, one popup; says so once they are on. Hidden when WeChat cannot ask. */
export function ReminderCard(props: { reminders: ReturnType<typeof useReminderAsk>; title: string; hint: string; button: string; done: string }) {
  const { t } = useI18n();
  const { reminders } = props;
  // On when every kind is on at the server (an unprompted ask after payment may have turned on only some).
  const on = reminders.allOn;
  if (!on && !reminders.canAsk) return null;
  return (
    <View className="yb-card yb-card--padded yb-section" data-testid="reminder-card" data-state={on ? 'on' : reminders.state}>
      <Text className="yb-h2">{props.title}</Text>
      {on ? (
        <Text className="yb-body yb-strong">{props.done}</Text>
      ) : (
        <>
          <Text className="yb-muted">{props.hint}</Text>
          {reminders.state === 'failed' ? <Text className="yb-muted">{t('reminders.failed')}</Text> : null}
          <View className="yb-actions">
            <Button
              size="large"
              fill="outline"
              loading={reminders.state === 'asking'}
              disabled={reminders.state === 'asking'}
              onClick={() => reminders.ask()}
              data-testid="reminder-ask"
            >
              {reminders.state === 'asking' ? t('result.remindAsking') : props.button}
            </Button>
          </View>
        </>
      )}
    </View>
  );
}
