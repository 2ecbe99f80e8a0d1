import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CONSENT_KINDS, CURRENT_CONSENT_VERSIONS, LOCALES, type ConsentStateView } from '@yiban/shared';
import { useState } from 'react';
import { ListRow, Section } from '../../../../components/ListRow';
import { Switch } from '../../../../components/nut-form';
import { Page } from '../../../../components/Page';
import { InlineError } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import type { MessageKey } from '../../../../i18n';
import { toApiError } from '../../../../services/errors';
import { MARKETING_PREFERENCES_PAGE } from '../../../../services/marketing';
import { askForSubscriptions, listSubscriptions } from '../../../../services/messaging';
import { recordConsents, refreshConsents } from '../../../../services/patient-session';
import { setLargeType, setLocale } from '../../../../services/prefs';
import { MARKETING_KIND, planAsks, worthAsking } from '../../../../services/subscribe-flow';
import { APP_VERSION } from '../../../../services/runtime-config';
import { useAppState } from '../../../../store/app-store';

const CONSENT_TITLES: Record<(typeof CONSENT_KINDS)[number], MessageKey> = {
  privacy_policy: 'consent.privacy.title',
  health_data: 'consent.health.title',
  marketing: 'consent.marketing.title',
};

/** The account's consents: marketing can be switched here; the required ones are shown with their state. */
function ConsentSettings() {
  const { t, locale } = useI18n();
  const consents = useQuery<ConsentStateView>(() => refreshConsents(), []);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const marketing = consents.data?.consents.marketing?.granted === true;
  // Loaded beforehand: switching health news on is a tap, so WeChat's popup for it can open right then.
  const grants = useQuery(listSubscriptions, []);

  const toggleMarketing = async (granted: boolean) => {
    const ask = granted && grants.data ? planAsks(grants.data, [MARKETING_KIND], (g) => !worthAsking(g))[0] : undefined;
    if (ask) void askForSubscriptions(ask);
    setSaving(true);
    setError(null);
    try {
      await recordConsents([{ kind: 'marketing', version: CURRENT_CONSENT_VERSIONS.marketing, granted }]);
      await consents.reload();
      void Taro.showToast({ title: t(granted ? 'settings.marketingOn' : 'settings.marketingOff'), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Section>
        <ListRow
          title={t('settings.marketing')}
          hint={t('settings.marketingHint')}
          extra={<Switch checked={marketing} disabled={saving || !consents.data} onChange={(value: boolean) => void toggleMarketing(value)} />}
        />
        <ListRow
          title={t('marketingPrefs.entry')}
          hint={t('marketingPrefs.entryHint')}
          arrow
          onClick={() => void Taro.navigateTo({ url: MARKETING_PREFERENCES_PAGE })}
          testId="settings-marketing-preferences"
        />
      </Section>
      <InlineError message={error ?? consents.error?.message ?? null} />
      <Section title={t('settings.consentHistory')}>
        {CONSENT_KINDS.map((kind) => {
          const record = consents.data?.consents[kind];
          const state = !record ? t('settings.notDecided') : record.granted ? t('settings.granted') : t('settings.withdrawn');
          return (
            <ListRow
              key={kind}
              title={t(CONSENT_TITLES[kind])}
              hint={record ? `${t('consent.version', { version: record.version })} · ${record.decidedAt.slice(0, 10)}` : undefined}
              extra={state}
              arrow
              onClick={() => void Taro.navigateTo({ url: `/packages/consent/pages/policy/index?kind=${kind}` })}
            />
          );
        })}
      </Section>
    </>
  );
}

export default function SettingsPage() {
  const { t, locale } = useI18n();
  const largeType = useAppState((s) => s.prefs.largeType);
  const signedIn = useAppState((s) => s.patient.status === 'ready');
  return (
    <Page title="settings.title">
      <View data-testid="settings">
        <Section title={t('settings.language')}>
          <View className="yb-field">
            <View className="yb-choices" data-testid="settings-language">
              {LOCALES.map((l) => (
                <View
                  key={l}
                  className={`yb-choice ${l === locale ? 'yb-choice--on' : ''}`}
                  onClick={() => setLocale(l)}
                  role="radio"
                  aria-checked={l === locale}
                  data-value={l}
                >
                  {t(`language.${l}`)}
                </View>
              ))}
            </View>
          </View>
        </Section>
        <Section>
          <ListRow
            title={t('settings.largeType')}
            hint={t('settings.largeTypeHint')}
            extra={<Switch checked={largeType} onChange={(value: boolean) => setLargeType(value)} data-testid="settings-large-type" />}
          />
          <View className="yb-field">
            <Text className="yb-body" data-testid="settings-preview">
              {t('settings.preview')}
            </Text>
          </View>
        </Section>
        {signedIn ? <ConsentSettings /> : null}
        <Section>
          <ListRow title={t('settings.about')} extra={t('settings.version', { version: APP_VERSION })} />
        </Section>
      </View>
    </Page>
  );
}
