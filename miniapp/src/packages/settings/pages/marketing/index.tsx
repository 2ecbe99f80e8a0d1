import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MarketingPreferencesView, MessageKind } from '@yiban/shared';
import { useState } from 'react';
import { ListRow, Section } from '../../../../components/ListRow';
import { Switch } from '../../../../components/nut-form';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { toApiError } from '../../../../services/errors';
import { getMarketingPreferences, saveMarketingPreferences } from '../../../../services/marketing';
import { topicLabel } from '../../../../utils/campaigns';
import { switchTopic } from '../../../../utils/marketing-preferences';

const SETTINGS_PAGE = '/packages/settings/pages/index/index';

function Preferences() {
  const { t, locale } = useI18n();
  const prefs = useQuery(getMarketingPreferences, []);
  const [shown, setShown] = useState<MarketingPreferencesView | null>(null);
  const [saving, setSaving] = useState<MessageKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const view = shown ?? prefs.data ?? null;

  /** One switch: shown at once, saved with every topic, put back if the server refuses. */
  const toggle = async (topic: MessageKind, enabled: boolean) => {
    if (!view) return;
    setSaving(topic);
    setError(null);
    const failure = await switchTopic(view, topic, enabled, (topics) => saveMarketingPreferences({ topics }), setShown);
    setSaving(null);
    if (failure) setError(toApiError(failure, locale).message);
    else void Taro.showToast({ title: t('marketingPrefs.saved'), icon: 'none' });
  };

  if (prefs.loading && !view) return <LoadingState />;
  if (prefs.error && !view) return <ErrorState error={prefs.error} title={t('marketingPrefs.loadError')} onRetry={() => void prefs.reload()} />;
  if (!view) return null;
  return (
    <View data-testid="marketing-preferences" data-opt-in={view.marketingOptIn ? 'yes' : 'no'}>
      <Text className="yb-muted">{t('marketingPrefs.intro')}</Text>
      <Section>
        <ListRow
          title={t('marketingPrefs.optIn')}
          hint={view.marketingOptIn ? undefined : t('marketingPrefs.optInOff')}
          extra={t(view.marketingOptIn ? 'settings.granted' : 'settings.notDecided')}
          arrow
          onClick={() => void Taro.navigateTo({ url: SETTINGS_PAGE })}
        />
        <ListRow
          title={t('marketingPrefs.manageConsent')}
          arrow
          onClick={() => void Taro.navigateTo({ url: '/packages/consent/pages/policy/index?kind=marketing' })}
        />
      </Section>
      <Section title={t('marketingPrefs.topics')}>
        {view.topics.map((topic) => (
          <View key={topic.topic} data-testid="marketing-topic" data-topic={topic.topic} data-enabled={topic.enabled ? 'yes' : 'no'}>
            <ListRow
              title={topicLabel(topic.topic, locale)}
              extra={
                <Switch
                  checked={topic.enabled}
                  disabled={saving !== null || !view.marketingOptIn}
                  onChange={(value: boolean) => void toggle(topic.topic, value)}
                  data-testid={`marketing-topic-${topic.topic}`}
                />
              }
            />
          </View>
        ))}
      </Section>
      <InlineError message={error} />
    </View>
  );
}

/** 推送偏好: the marketing opt-in (changed with the consents in 设置) and one switch per kind of marketing message. */
export default function MarketingPreferencesPage() {
  return (
    <Page title="marketingPrefs.title">
      <PatientGate>
        <Preferences />
      </PatientGate>
    </Page>
  );
}
