import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReferralView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { InlineError } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import type { Query } from '../../../hooks/use-query';
import { toApiError } from '../../../services/errors';
import { enterReferralCode } from '../../../services/membership';
import { groupReferralCode, REFERRAL_CODE_LENGTH, referralCodeInput } from '../../../utils/referral';

/**
 * 邀请好友: the profile's invitation code (large, copied with one tap), whom it brought and the points each earns;
 * while the profile may still (no code entered, no visit yet) a small form to enter the code of whoever invited them,
 * with the server's refusal in the user's language, then a success state. Keyed by the acting profile.
 */
export function ReferralCard(props: { referral: Query<ReferralView> }) {
  const { t, locale } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [entered, setEntered] = useState<ReferralView | null>(null);
  const view = entered ?? props.referral.data;

  if (!view) return props.referral.error ? <InlineError message={props.referral.error.message} /> : null;

  const copy = () => {
    void Taro.setClipboardData({ data: view.code })
      .then(() => Taro.showToast({ title: t('membership.referral.copied'), icon: 'none' }))
      .catch(() => undefined);
  };

  const submit = async () => {
    if (!code || busy) return;
    setBusy(true);
    setError(null);
    try {
      setEntered(await enterReferralCode(code));
      setCode('');
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="yb-section" data-testid="referral">
      <Text className="yb-section__title">{t('membership.referral.title')}</Text>
      <View className="yb-card yb-card--padded">
        <Text className="yb-referral__label">{t('membership.referral.codeLabel')}</Text>
        <View className="yb-referral__code-row">
          <Text className="yb-referral__code" data-testid="referral-code" data-code={view.code} userSelect>
            {groupReferralCode(view.code)}
          </Text>
          <Button size="large" type="primary" fill="outline" onClick={copy} data-testid="referral-copy">
            {t('membership.referral.copy')}
          </Button>
        </View>
        <Text className="yb-referral__how">{t('membership.referral.how', { points: view.pointsPerReferral })}</Text>
        <View className="yb-referral__stats">
          <View className="yb-referral__stat" data-testid="referral-invited" data-n={view.invited}>
            <Text className="yb-referral__figure">{t('membership.referral.people', { n: view.invited })}</Text>
            <Text className="yb-referral__stat-label">{t('membership.referral.invited')}</Text>
          </View>
          <View className="yb-referral__stat" data-testid="referral-rewarded" data-n={view.rewarded}>
            <Text className="yb-referral__figure">{t('membership.referral.people', { n: view.rewarded })}</Text>
            <Text className="yb-referral__stat-label">{t('membership.referral.rewarded')}</Text>
          </View>
        </View>
      </View>
      {entered ? (
        <View className="yb-referral__done" data-testid="referral-entered" role="status">
          <Text>{t('membership.referral.entered')}</Text>
        </View>
      ) : view.invitedBy ? (
        <Text className="yb-referral__note" data-testid="referral-invited-by">
          {t('membership.referral.invitedBy')}
        </Text>
      ) : null}
      {view.mayEnterCode && !entered ? (
        <View className="yb-card yb-card--padded yb-referral__form" data-testid="referral-form">
          <Text className="yb-referral__form-title">{t('membership.referral.enterTitle')}</Text>
          <Text className="yb-muted">{t('membership.referral.enterHint')}</Text>
          <Input
            className="yb-input yb-referral__input"
            value={code}
            maxlength={REFERRAL_CODE_LENGTH + 4}
            placeholder={t('membership.referral.enterPlaceholder')}
            onInput={(e) => {
              setCode(referralCodeInput(e.detail.value));
              setError(null);
            }}
            onConfirm={() => void submit()}
            data-testid="referral-input"
          />
          <InlineError message={error} />
          <View className="yb-actions">
            <Button type="primary" size="large" loading={busy} disabled={busy || !code} onClick={() => void submit()} data-testid="referral-submit">
              {t('membership.referral.submit')}
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}
