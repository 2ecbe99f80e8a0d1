import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../hooks/use-i18n';
import { startPatientSession } from '../services/patient-session';
import { useAppState } from '../store/app-store';
import { Button } from './nut';
import { ErrorState, LoadingState } from './states';

export const CONSENT_PAGE = '/packages/consent/pages/index/index';

let consentShownThisRun = false;

export function openConsent(patientId?: string): void {
  consentShownThisRun = true;
  void Taro.navigateTo({ url: `${CONSENT_PAGE}${patientId ? `?patientId=${patientId}` : ''}` });
}

/**
 * Patient pages render inside this: it waits for the silent sign-in, explains a failure with a retry, and sends
 * a profile that has not yet agreed to the required consents to the consent screen (once by itself, then on tap).
 */
export function PatientGate(props: { children: ReactNode }) {
  const { t } = useI18n();
  const status = useAppState((s) => s.patient.status);
  const error = useAppState((s) => s.patient.error);
  const missing = useAppState((s) => s.patient.missingConsents);

  useEffect(() => {
    if (status === 'idle') void startPatientSession();
  }, [status]);

  const needsConsent = status === 'ready' && !!missing && missing.length > 0;
  useEffect(() => {
    if (needsConsent && !consentShownThisRun) openConsent();
  }, [needsConsent]);

  if (status === 'idle' || status === 'signing-in') return <LoadingState label={t('launch.signingIn')} hint={t('launch.signingInHint')} />;
  if (status === 'error' && error) return <ErrorState error={error} title={t('error.signInTitle')} onRetry={() => void startPatientSession(true)} />;
  if (needsConsent) {
    return (
      <View className="yb-state">
        <Text className="yb-state__title">{t('consent.declinedTitle')}</Text>
        <Text className="yb-state__hint">{t('consent.declinedBody')}</Text>
        <Button type="primary" size="large" className="yb-state__action" onClick={() => openConsent()}>
          {t('consent.readFull')}
        </Button>
      </View>
    );
  }
  return <>{props.children}</>;
}
