import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { CONSENT_KINDS, CURRENT_CONSENT_VERSIONS, type ConsentKind } from '@yiban/shared';
import { Page } from '../../../../components/Page';
import { useI18n } from '../../../../hooks/use-i18n';
import type { MessageKey } from '../../../../i18n';
import { policyText } from '../../policies';

export const POLICY_TITLE: Record<ConsentKind, MessageKey> = {
  privacy_policy: 'policy.privacy.title',
  health_data: 'policy.health.title',
  marketing: 'policy.marketing.title',
};

export default function PolicyPage() {
  const { t, locale } = useI18n();
  const requested = useRouter().params.kind as ConsentKind | undefined;
  const kind: ConsentKind = requested && (CONSENT_KINDS as readonly string[]).includes(requested) ? requested : 'privacy_policy';
  const text = policyText(kind, locale);
  return (
    <Page title={POLICY_TITLE[kind]}>
      <View className="yb-policy">
        <Text className="yb-h1">{t(POLICY_TITLE[kind])}</Text>
        <Text className="yb-small">{t('consent.version', { version: CURRENT_CONSENT_VERSIONS[kind] })}</Text>
        {text.sections.map((section) => (
          <View key={section.heading}>
            <Text className="yb-policy__h">{section.heading}</Text>
            {section.paragraphs.map((p) => (
              <Text key={p} className="yb-policy__p">
                {p}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </Page>
  );
}
