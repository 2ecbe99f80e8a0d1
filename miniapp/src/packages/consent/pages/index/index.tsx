import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CURRENT_CONSENT_VERSIONS, REQUIRED_CONSENTS, type ConsentKind, type SubscriptionGrantView } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { InlineError } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import type { MessageKey } from '../../../../i18n';
import { toApiError } from '../../../../services/errors';
import { askForSubscriptions, listSubscriptions } from '../../../../services/messaging';
import { recordConsents } from '../../../../services/patient-session';
import { FIRST_RUN_KINDS, MARKETING_KIND, planAsks } from '../../../../services/subscribe-flow';
import { appStore, useAppState } from '../../../../store/app-store';
import { displayName } from '../../../../utils/people';

const ITEMS: { kind: ConsentKind; title: MessageKey; summary: MessageKey }[] = [
  { kind: 'privacy_policy', title: 'consent.privacy.title', summary: 'consent.privacy.summary' },
  { kind: 'health_data', title: 'consent.health.title', summary: 'consent.health.summary' },
  { kind: 'marketing', title: 'consent.marketing.title', summary: 'consent.marketing.summary' },
];

/** First run (and any profile without the required consents): three separate choices, each recorded on the server. */
export default function ConsentPage() {
  const { t, locale } = useI18n();
  const params = useRouter().params;
  const patientId = params.patientId ?? appStore.get().patient.activePatientId;
  const profile = useAppState((s) => s.patient.profiles.find((p) => p.id === patientId) ?? null);
  const forRelative = profile ? !profile.isSelf : false;
  const [ticked, setTicked] = useState<Record<ConsentKind, boolean>>({ privacy_policy: false, health_data: false, marketing: false });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [declined, setDeclined] = useState(false);
  // The account's subscribe templates, loaded now: the popup must open first thing in the "agree" tap.
  const [grants, setGrants] = useState<SubscriptionGrantView[] | null>(null);
  const askedHere = useRef(false);
  useEffect(() => {
    if (forRelative) return;
    let live = true;
    listSubscriptions().then(
      (list) => live && setGrants(list),
      () => undefined, // no reminders popup then; consent goes on
    );
    return () => {
      live = false;
    };
  }, [forRelative]);

  const toggle = (kind: ConsentKind) => {
    setError(null);
    setTicked((s) => ({ ...s, [kind]: !s[kind] }));
  };

  const agree = async () => {
    if (REQUIRED_CONSENTS.some((kind) => !ticked[kind])) {
      setError(t('consent.needRequired'));
      return;
    }
    // The natural moment to offer reminders: the patient just agreed. WeChat's popup, first thing in this tap:
    // visit reminders and doctor replies, health education only with the marketing opt-in; never for kinds the
    // patient already answered (a refusal stands).
    const kinds = ticked.marketing ? [...FIRST_RUN_KINDS, MARKETING_KIND] : FIRST_RUN_KINDS;
    const ask = grants && !askedHere.current ? planAsks(grants, kinds, (g) => g.lastResult !== null)[0] : undefined;
    const popup = ask ? askForSubscriptions(ask) : null;
    if (popup) askedHere.current = true;
    setSaving(true);
    setError(null);
    try {
      await recordConsents(
        ITEMS.map(({ kind }) => ({ kind, version: CURRENT_CONSENT_VERSIONS[kind], granted: ticked[kind] })),
        patientId,
      );
      // Leave once the popup is answered (its answer is recorded either way); a failure to ask is not the patient's problem.
      if (popup) await popup.catch(() => undefined);
      if (forRelative || Taro.getCurrentPages().length > 1) await Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/home/index' }));
      else await Taro.switchTab({ url: '/pages/home/index' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSaving(false);
    }
  };

  const name = displayName(profile, t);
  return (
    <Page title={forRelative ? 'consent.titleFor' : 'consent.title'} titleParams={{ name }}>
      <View data-testid="consent">
        <Text className="yb-h1">{forRelative ? t('consent.titleFor', { name }) : t('consent.title')}</Text>
        <Text className="yb-body">{forRelative ? t('consent.introFor', { name }) : t('consent.intro')}</Text>
        <View className="yb-section yb-card">
          {ITEMS.map(({ kind, title, summary }) => {
            const required = REQUIRED_CONSENTS.includes(kind);
            return (
              <View key={kind} className="yb-consent" data-testid={`consent-${kind}`}>
                <View
                  className={`yb-consent__box ${ticked[kind] ? 'yb-consent__box--on' : ''}`}
                  onClick={() => toggle(kind)}
                  role="checkbox"
                  aria-checked={ticked[kind]}
                  data-testid={`consent-check-${kind}`}
                >
                  {ticked[kind] ? '✓' : ''}
                </View>
                <View className="yb-consent__main" onClick={() => toggle(kind)}>
                  <Text className="yb-body yb-strong">
                    {t(title)} <Text className={`yb-badge ${required ? '' : 'yb-badge--muted'}`}>{t(required ? 'consent.required' : 'consent.optional')}</Text>
                  </Text>
                  <Text className="yb-muted">{t(summary)}</Text>
                </View>
                <Text className="yb-link" onClick={() => void Taro.navigateTo({ url: `/packages/consent/pages/policy/index?kind=${kind}` })}>
                  {t('consent.readFull')}
                </Text>
              </View>
            );
          })}
        </View>
        <InlineError message={error} />
        {declined ? (
          <View className="yb-notice" data-testid="consent-declined">
            <Text className="yb-notice__text">
              <Text className="yb-strong">{t('consent.declinedTitle')}</Text> {forRelative ? t('consent.declinedBody') : t('consent.declinedBrowse')}
            </Text>
          </View>
        ) : null}
        <View className="yb-actions">
          <Button type="primary" size="large" loading={saving} disabled={saving} onClick={() => void agree()} data-testid="consent-agree">
            {saving ? t('consent.agreeing') : t('consent.agree')}
          </Button>
          {declined && !forRelative ? (
            // Browsing the departments and doctors needs no consent; booking and consulting will ask again.
            <Button size="large" fill="outline" onClick={() => void Taro.switchTab({ url: '/pages/booking/index' })} data-testid="consent-browse">
              {t('consent.browseInstead')}
            </Button>
          ) : (
            <Button size="large" fill="none" onClick={() => setDeclined(true)} data-testid="consent-decline">
              {t('consent.decline')}
            </Button>
          )}
        </View>
      </View>
    </Page>
  );
}
