import { Button as TaroButton, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { InlineError } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { platform, PlatformError } from '../../../../platform';
import { toApiError } from '../../../../services/errors';
import { bindPhone } from '../../../../services/patient-session';
import { useAppState } from '../../../../store/app-store';

/**
 * Phone binding. In WeChat the phone-number button hands over a one-use code; in the browser the simulator plays
 * WeChat's prompt (the user confirms the number the simulated WeChat account has, or types one). `complete`: opened to
 * complete a real name (实名) before booking or consulting — once bound, back there.
 */
function PhoneBinding(props: { complete: boolean }) {
  const { t, locale } = useI18n();
  const self = useAppState((s) => s.patient.profiles.find((p) => p.isSelf) ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [prompt, setPrompt] = useState<{ phone: string } | null>(null);

  const submit = async (getCode: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      const code = await getCode();
      await bindPhone(code);
      setPrompt(null);
      void Taro.showToast({ title: t('phone.bound'), icon: 'success' });
      if (props.complete) await Taro.navigateBack();
    } catch (e) {
      if (e instanceof PlatformError) setError(e.code === 'SIMULATOR_UNREACHABLE' ? t('error.NETWORK_UNREACHABLE') : t('phone.denied'));
      else setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };

  const openSimulatedPrompt = async () => {
    setError(null);
    const phone = await platform.simulatedPhone().catch(() => null);
    setPrompt({ phone: phone ?? '' });
  };

  return (
    <View>
      <View className="yb-card yb-card--padded">
        <Text className="yb-h2" data-testid="phone-current">
          {self?.phoneMasked ? t('phone.current', { phone: self.phoneMasked }) : t('phone.none')}
        </Text>
        <Text className="yb-muted">{t('phone.intro')}</Text>
      </View>
      <View className="yb-actions">
        {platform.phoneNumberSource === 'wechat-button' ? (
          <TaroButton
            className="yb-native-button"
            openType="getPhoneNumber"
            disabled={busy}
            onGetPhoneNumber={(e) => void submit(() => platform.phoneNumberCode({ detail: e.detail as { code?: string; errMsg?: string } }))}
          >
            {self?.phoneMasked ? t('phone.rebind') : t('phone.button')}
          </TaroButton>
        ) : (
          <Button type="primary" size="large" disabled={busy} onClick={() => void openSimulatedPrompt()}>
            {self?.phoneMasked ? t('phone.rebind') : t('phone.button')}
          </Button>
        )}
      </View>
      {prompt ? (
        <View className="yb-section yb-card yb-card--padded" data-testid="phone-sim-prompt">
          <Text className="yb-h2">{t('phone.simTitle')}</Text>
          <Text className="yb-muted">{t('phone.simHint')}</Text>
          <View className="yb-field">
            <Text className="yb-field__label">{t('phone.simNumber')}</Text>
            <Input
              className="yb-input"
              type="number"
              maxlength={11}
              value={prompt.phone}
              onInput={(e) => setPrompt({ phone: e.detail.value })}
              data-testid="phone-sim-number"
            />
          </View>
          <View className="yb-actions">
            <Button
              type="primary"
              size="large"
              loading={busy}
              disabled={busy || prompt.phone.length < 11}
              onClick={() => void submit(() => platform.phoneNumberCode({ phone: prompt.phone }))}
            >
              {t('phone.simAllow')}
            </Button>
            <Button size="large" fill="none" onClick={() => setPrompt(null)}>
              {t('common.cancel')}
            </Button>
          </View>
        </View>
      ) : null}
      <InlineError message={error} />
    </View>
  );
}

export default function PhonePage() {
  const complete = useRouter().params.complete === '1';
  return (
    <Page title="phone.title">
      <PatientGate>
        <PhoneBinding complete={complete} />
      </PatientGate>
    </Page>
  );
}
