import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../hooks/use-i18n';
import { startPatientSession } from '../services/patient-session';
import { useAppState } from '../store/app-store';
import { consentShownThisRun, openConsent } from './consent-link';
import { Icon } from './Icon';
import { Button } from './nut';
import { ErrorState, LoadingState } from './states';

export { CONSENT_PAGE, openConsent } from './consent-link';

const BOOKING_TAB = '/pages/booking/index';

/**
 * Patient pages render inside this: it waits for the silent sign-in and explains a failure with a retry.
 *
 * Pages that use health data (booking, consultations, visits: the default) need the required consents: a profile
 * without them is sent to the consent screen (once by itself, then on a tap) and comes back here once it agrees.
 * Pages that only show the public catalogue (`browse`: departments and doctors) are open without consent, with a
 * quiet note saying what agreeing will allow.
 */
export function PatientGate(props: { children: ReactNode; browse?: boolean }) {
  const { t } = useI18n();
  const status = useAppState((s) => s.patient.status);
  const error = useAppState((s) => s.patient.error);
  const missing = useAppState((s) => s.patient.missingConsents);

  useEffect(() => {
    if (status === 'idle') void startPatientSession();
  }, [status]);

  const needsConsent = status === 'ready' && !!missing && missing.length > 0;
  useEffect(() => {
    if (needsConsent && !props.browse && !consentShownThisRun()) openConsent();
  }, [needsConsent, props.browse]);

  if (status === 'idle' || status === 'signing-in') return <LoadingState label={t('launch.signingIn')} hint={t('launch.signingInHint')} />;
  if (status === 'error' && error) return <ErrorState error={error} title={t('error.signInTitle')} onRetry={() => void startPatientSession(true)} />;
  if (needsConsent && props.browse) {
    return (
      <>
        <View className="yb-notice" data-testid="browse-notice">
          <Text className="yb-notice__text">{t('browse.notice')}</Text>
          <Text className="yb-textbutton" onClick={() => openConsent()} data-testid="browse-consent">
            {t('browse.consentAction')}
          </Text>
        </View>
        {props.children}
      </>
    );
  }
  if (needsConsent) {
    return (
      <View className="yb-state" data-testid="consent-gate">
        <View className="yb-state__icon yb-state__icon--img">
          <Icon name="lock" size="xl" />
        </View>
        <Text className="yb-state__title">{t('gate.consentTitle')}</Text>
        <Text className="yb-state__hint">{t('gate.consentBody')}</Text>
        <View className="yb-state__actions">
          <Button type="primary" size="large" className="yb-state__action" onClick={() => openConsent()} data-testid="consent-gate-open">
            {t('state.consentAction')}
          </Button>
          <Button
            size="large"
            fill="outline"
            className="yb-state__action"
            onClick={() => void Taro.switchTab({ url: BOOKING_TAB })}
            data-testid="consent-gate-browse"
          >
            {t('gate.browse')}
          </Button>
        </View>
      </View>
    );
  }
  return <>{props.children}</>;
}
