import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { NOTIFICATION_TITLES, type SubscriptionGrantView } from '@yiban/shared';
import { useEffect, useState } from 'react';
import { useI18n, type Translate } from '../hooks/use-i18n';
import { useQuery } from '../hooks/use-query';
import { PlatformError } from '../platform';
import { toApiError } from '../services/errors';
import { askForSubscriptions, listSubscriptions } from '../services/messaging';
import { planAsks, reminderState, REMINDER_KINDS, worthAsking, type ReminderState, type SubscribeAsk } from '../services/subscribe-flow';
import { Button } from './nut';

function stateText(state: ReminderState, t: Translate): string {
  switch (state.state) {
    case 'remaining':
      return t('reminders.status.remaining', { n: state.remaining });
    case 'long_term':
      return t('reminders.status.longTerm');
    case 'used_up':
      return t('reminders.status.usedUp');
    case 'unavailable':
      return t('reminders.status.unavailable');
    default:
      return t('reminders.status.off');
  }
}

const isOn = (s: ReminderState) => s.state === 'remaining' || s.state === 'long_term';

/**
 * 消息提醒: what the patient allowed per reminder kind (GET /me/subscriptions) and the taps that open WeChat's
 * subscribe popup. One tap, one popup: the one-time kinds together, follow-up reminders (long-term) on their own
 * button. A refusal changes nothing but the status line — no toast, no second ask.
 * `collapsible` starts it as one summary line that opens the panel (above a list of messages); a new
 * `refreshKey` reloads the statuses (pull-to-refresh: a reminder sent since then has used one up).
 */
export function ReminderPanel(props: { collapsible?: boolean; refreshKey?: number }) {
  const { t, locale } = useI18n();
  const query = useQuery(listSubscriptions, [props.refreshKey]);
  const [grants, setGrants] = useState<SubscriptionGrantView[] | undefined>();
  useEffect(() => {
    if (query.data) setGrants(query.data);
  }, [query.data]);
  const [asking, setAsking] = useState<'one_time' | 'long_term' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [open, setOpen] = useState(!props.collapsible);
  const shown = grants;

  const rows = REMINDER_KINDS.map((kind) => ({ kind, grant: shown?.find((g) => g.messageKind === kind) })).filter(
    (r): r is { kind: (typeof REMINDER_KINDS)[number]; grant: SubscriptionGrantView } => !!r.grant,
  );
  const oneTime = rows.filter((r) => r.grant.kind === 'one_time');
  const longTerm = rows.filter((r) => r.grant.kind === 'long_term');
  const oneTimeAsk = shown
    ? planAsks(
        shown,
        oneTime.map((r) => r.kind),
        (g) => !worthAsking(g),
      )[0]
    : undefined;
  const longTermAsk = shown
    ? planAsks(
        shown,
        longTerm.map((r) => r.kind),
        (g) => !worthAsking(g),
      )[0]
    : undefined;
  const anyOneTimeOn = oneTime.some((r) => isOn(reminderState(r.grant)));

  /** The tap handler: the popup first (WeChat allows it only inside the tap), everything else after. */
  const turnOn = (ask: SubscribeAsk) => {
    const pending = askForSubscriptions(ask);
    setAsking(ask.kind);
    setNote(null);
    void pending
      .then((outcome) => {
        if (outcome.status === 'failed') {
          const off = outcome.error instanceof PlatformError && outcome.error.code === 'SUBSCRIBE_OFF';
          setNote(t(off ? 'reminders.switchedOff' : 'reminders.failed'));
          return;
        }
        if (outcome.grants) setGrants(outcome.grants);
        if (outcome.recordError) setNote(t('reminders.recordFailed', { reason: toApiError(outcome.recordError, locale).message }));
        else if (Object.values(outcome.results).includes('accept')) void Taro.showToast({ title: t('reminders.on'), icon: 'success' });
        // A refusal: the status lines say "未开启" and that is all.
      })
      .finally(() => setAsking(null));
  };

  const onCount = rows.filter((r) => isOn(reminderState(r.grant))).length;
  const summary = rows.length === 0 ? '' : onCount > 0 ? t('reminders.someOn', { n: onCount }) : t('reminders.status.off');

  if (!open) {
    return (
      <View className="yb-card yb-reminders" data-testid="reminders" data-open="no">
        <View className="yb-row yb-row--link" onClick={() => setOpen(true)} hoverClass="yb-row--pressed" data-testid="reminders-expand">
          <View className="yb-row__main">
            <Text className="yb-row__title">{t('reminders.title')}</Text>
          </View>
          <View className="yb-row__extra">{summary}</View>
          <Text className="yb-row__arrow">›</Text>
        </View>
      </View>
    );
  }

  return (
    <View className="yb-card yb-card--padded yb-reminders" data-testid="reminders" data-open="yes">
      <Text className="yb-h2">{t('reminders.title')}</Text>
      <Text className="yb-muted">{t('reminders.why')}</Text>
      {query.error && !shown ? (
        <View className="yb-inline-error" role="alert">
          <Text>{t('reminders.loadFailed', { reason: query.error.message })} </Text>
          <Text className="yb-textbutton" onClick={() => void query.reload()}>
            {t('common.retry')}
          </Text>
        </View>
      ) : null}
      {!shown && query.loading ? <Text className="yb-muted">{t('common.loading')}</Text> : null}
      {rows.length > 0 ? (
        <View className="yb-section">
          {rows.map(({ kind, grant }) => {
            const state = reminderState(grant);
            return (
              <View key={kind} className="yb-reminders__row" data-testid={`reminder-${kind}`} data-state={state.state}>
                <Text className="yb-reminders__name">{NOTIFICATION_TITLES[kind][locale]}</Text>
                <Text className={`yb-reminders__state ${isOn(state) ? 'yb-reminders__state--on' : ''}`}>{stateText(state, t)}</Text>
              </View>
            );
          })}
        </View>
      ) : null}
      {note ? (
        <View className="yb-notice" role="status">
          <Text className="yb-notice__text">{note}</Text>
        </View>
      ) : null}
      {oneTimeAsk || longTermAsk ? (
        <View className="yb-actions">
          {oneTimeAsk ? (
            <Button
              type="primary"
              size="large"
              loading={asking === 'one_time'}
              disabled={asking !== null}
              onClick={() => turnOn(oneTimeAsk)}
              data-testid="reminders-turn-on"
            >
              {asking === 'one_time' ? t('reminders.asking') : t(anyOneTimeOn ? 'reminders.turnOnMore' : 'reminders.turnOn')}
            </Button>
          ) : null}
          {longTermAsk ? (
            <Button
              size="large"
              fill="outline"
              loading={asking === 'long_term'}
              disabled={asking !== null}
              onClick={() => turnOn(longTermAsk)}
              data-testid="reminders-turn-on-follow-up"
            >
              {asking === 'long_term' ? t('reminders.asking') : t('reminders.turnOnFollowUp')}
            </Button>
          ) : null}
        </View>
      ) : null}
      {oneTime.length > 0 ? <Text className="yb-small yb-reminders__note">{t('reminders.oneTimeNote')}</Text> : null}
      {longTermAsk ? <Text className="yb-small yb-reminders__note">{t('reminders.followUpNote')}</Text> : null}
    </View>
  );
}
