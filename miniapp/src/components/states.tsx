import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { ApiRequestError } from '../services/errors';
import { useI18n } from '../hooks/use-i18n';
import { Button } from './nut';

export function LoadingState(props: { label?: string; hint?: string }) {
  const { t } = useI18n();
  return (
    <View className="yb-state yb-state--loading" aria-busy="true">
      <View className="yb-spinner" />
      <Text className="yb-state__title">{props.label ?? t('common.loading')}</Text>
      {props.hint ? <Text className="yb-state__hint">{props.hint}</Text> : null}
    </View>
  );
}

/** What went wrong, in the user's language, and the one thing to do about it. */
export function ErrorState(props: { error: ApiRequestError; title?: string; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <View className="yb-state yb-state--error" role="alert">
      <View className="yb-state__icon yb-state__icon--error">!</View>
      <Text className="yb-state__title">{props.title ?? t('error.title')}</Text>
      <Text className="yb-state__hint">{props.error.message}</Text>
      {props.error.requestId ? <Text className="yb-state__ref">{t('common.requestId', { id: props.error.requestId })}</Text> : null}
      {props.onRetry ? (
        <Button type="primary" size="large" className="yb-state__action" onClick={props.onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </View>
  );
}

export function EmptyState(props: { title: string; hint: string; action?: ReactNode }) {
  return (
    <View className="yb-state yb-state--empty">
      <View className="yb-state__icon">○</View>
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
