import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { InlineError } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { toApiError } from '../../../../services/errors';
import { STAFF_HOME_PAGE, staffSignIn } from '../../../../services/staff-session';
import { ConsoleLanguage } from '../../components/ConsoleLanguage';
import '../../staff.css';

export default function StaffLoginPage() {
  const { t, locale } = useI18n();
  const expired = useRouter().params.expired === '1';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(expired ? t('staff.sessionLost') : null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!username.trim() || !password) return setError(t('staff.fillBoth'));
    setBusy(true);
    setError(null);
    try {
      await staffSignIn(username.trim(), password);
      await Taro.redirectTo({ url: STAFF_HOME_PAGE });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="staff.loginTitle" className="yb-console yb-console--centered">
      <View className="yb-login" data-testid="staff-login">
        <View className="yb-login__lang">
          <ConsoleLanguage />
        </View>
        <Text className="yb-h1">{t('staff.loginTitle')}</Text>
        <Text className="yb-muted">{t('staff.loginIntro')}</Text>
        <View className="yb-section yb-card">
          <View className="yb-field">
            <Text className="yb-field__label">{t('staff.username')}</Text>
            <Input
              className="yb-input"
              value={username}
              placeholder={t('staff.usernamePlaceholder')}
              onInput={(e) => {
                setUsername(e.detail.value);
                setError(null);
              }}
              data-testid="staff-username"
            />
          </View>
          <View className="yb-field">
            <Text className="yb-field__label">{t('staff.password')}</Text>
            <Input
              className="yb-input"
              password
              value={password}
              placeholder={t('staff.passwordPlaceholder')}
              onInput={(e) => {
                setPassword(e.detail.value);
                setError(null);
              }}
              onConfirm={() => void submit()}
              data-testid="staff-password"
            />
          </View>
        </View>
        <InlineError message={error} />
        <View className="yb-actions">
          <Button type="primary" size="large" loading={busy} disabled={busy} onClick={() => void submit()} data-testid="staff-submit">
            {busy ? t('staff.signingIn') : t('staff.signIn')}
          </Button>
        </View>
      </View>
    </Page>
  );
}
