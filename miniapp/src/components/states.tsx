import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef, type ReactNode } from 'react';
import type { ApiRequestError } from '../services/errors';
import { useI18n } from '../hooks/use-i18n';
import { useAppState } from '../store/app-store';
import { openConsent } from './consent-link';
import { Icon, type IconName } from './Icon';
import { Button } from './nut';

/** A page waiting for its data: a moving bar and a spinner with words. */
export function LoadingState(props: { label?: string; hint?: string }) {
  const { t } = useI18n();
  return (
    <View className="yb-state yb-state--loading" aria-busy="true" data-testid="loading">
      <View className="yb-loadbar" />
      <View className="yb-spinner" />
      <Text className="yb-state__title">{props.label ?? t('common.loading')}</Text>
      {props.hint ? <Text className="yb-state__hint">{props.hint}</Text> : null}
    </View>
  );
}

/** A list that is loading: grey rows where the rows will be. */
export function ListSkeleton(props: { rows?: number }) {
  return (
    <View className="yb-card yb-skeleton" aria-busy="true" data-testid="loading">
      {Array.from({ length: props.rows ?? 4 }, (_, i) => (
        <View key={i} className="yb-skeleton__row">
          <View className="yb-skeleton__block yb-skeleton__dot" />
          <View className="yb-skeleton__lines">
            <View className="yb-skeleton__block yb-skeleton__line" />
            <View className="yb-skeleton__block yb-skeleton__line yb-skeleton__line--short" />
          </View>
        </View>
      ))}
    </View>
  );
}

const OFFLINE = new Set(['NETWORK_UNREACHABLE', 'REQUEST_TIMEOUT']);

/**
 * What went wrong, in the user's language, and the one thing to do about it. A refusal for want of consent
 * (CONSENT_REQUIRED: the server's rule for health data) leads to the consent screen, and the page tries again
 * when the patient comes back having agreed.
 */
export function ErrorState(props: { error: ApiRequestError; title?: string; onRetry?: () => void }) {
  const { t } = useI18n();
  const missing = useAppState((s) => s.patient.missingConsents);
  const wentToConsent = useRef(false);
  const needsConsent = props.error.code === 'CONSENT_REQUIRED';
  useDidShow(() => {
    if (needsConsent && wentToConsent.current && (!missing || missing.length === 0)) {
      wentToConsent.current = false;
      props.onRetry?.();
    }
  });

  if (needsConsent) {
    return (
      <View className="yb-state yb-state--consent" role="alert" data-testid="error-consent">
        <View className="yb-state__icon yb-state__icon--img">
          <Icon name="lock" size="xl" />
        </View>
        <Text className="yb-state__title">{t('state.consentTitle')}</Text>
        <Text className="yb-state__hint">{t('state.consentHint')}</Text>
        <Button
          type="primary"
          size="large"
          className="yb-state__action"
          onClick={() => {
            wentToConsent.current = true;
            openConsent();
          }}
          data-testid="error-consent-open"
        >
          {t('state.consentAction')}
        </Button>
      </View>
    );
  }
  const offline = OFFLINE.has(props.error.code);
  return (
    <View className="yb-state yb-state--error" role="alert" data-testid="error-state" data-code={props.error.code}>
      <View className="yb-state__icon yb-state__icon--error yb-state__icon--img">
        <Icon name={offline ? 'offline' : 'alert'} tone="danger" size="xl" />
      </View>
      <Text className="yb-state__title">{props.title ?? (offline ? t('state.offlineTitle') : t('error.title'))}</Text>
      <Text className="yb-state__hint">{props.error.message}</Text>
      {props.error.requestId ? <Text className="yb-state__ref">{t('common.requestId', { id: props.error.requestId })}</Text> : null}
      {props.onRetry ? (
        <Button type="primary" size="large" className="yb-state__action" onClick={props.onRetry} data-testid="error-retry">
          {t('common.retry')}
        </Button>
      ) : null}
    </View>
  );
}

/** Nothing here yet: an icon, a sentence saying so, and what to do (a hint, and a button when there is one thing to do). */
export function EmptyState(props: { title: string; hint: string; icon?: IconName; action?: ReactNode }) {
  return (
    <View className="yb-state yb-state--empty" data-testid="empty-state">
      <View className="yb-state__icon yb-state__icon--img">
        <Icon name={props.icon ?? 'inbox'} size="xl" />
      </View>
      <Text className="yb-state__title">{props.title}</Text>
      <Text className="yb-state__hint">{props.hint}</Text>
      {props.action ? <View className="yb-state__action">{props.action}</View> : null}
    </View>
  );
}

/** A message inside a form or list: what happened and what to do. */
export function InlineError(props: { message: string | null }) {
  if (!props.message) return null;
  return (
    <View className="yb-inline-error" role="alert">
      <Text>{props.message}</Text>
    </View>
  );
}
