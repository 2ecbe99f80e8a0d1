import { Text, View } from '@tarojs/components';
import { NOTIFICATION_TITLES, type CampaignContent, type MessageKind } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';
import { fitThing } from '../../../utils/campaigns';

/**
 * What the patient will see: the WeChat subscribe message card (its subject cut to the `thing` keyword's 20
 * characters, as the server fits it) and the entry in 消息 (the kind's title, the text in full).
 */
export function CampaignPreview(props: { kind: MessageKind | null; content: CampaignContent }) {
  const { t, locale } = useI18n();
  const { kind, content } = props;
  const kindTitle = kind && kind in NOTIFICATION_TITLES ? NOTIFICATION_TITLES[kind as keyof typeof NOTIFICATION_TITLES][locale] : '';
  return (
    <View className="yb-campaign-previews" data-testid="campaign-preview">
      <View className="yb-campaign-preview" data-testid="campaign-preview-card">
        <Text className="yb-campaign-preview__caption">{t('wizard.previewCard')}</Text>
        <Text className="yb-campaign-preview__title">{kindTitle}</Text>
        <View className="yb-campaign-preview__line">
          <Text className="yb-campaign-preview__label">{t('wizard.previewSubject')}</Text>
          <Text>{fitThing(content.title)}</Text>
        </View>
        <View className="yb-campaign-preview__line">
          <Text className="yb-campaign-preview__label">{t('wizard.previewContent')}</Text>
          <Text>{fitThing(content.body)}</Text>
        </View>
        <Text className="yb-campaign-preview__open">{t('wizard.previewOpen')} ›</Text>
      </View>
      <View className="yb-campaign-preview" data-testid="campaign-preview-inbox">
        <Text className="yb-campaign-preview__caption">{t('wizard.previewInbox')}</Text>
        <Text className="yb-campaign-preview__title">{kindTitle}</Text>
        <Text>{content.body}</Text>
        <View className="yb-campaign-preview__line">
          <Text className="yb-campaign-preview__label">{t('wizard.previewSubject')}</Text>
          <Text>{content.title}</Text>
        </View>
        <Text className="yb-campaign-preview__open">
          {t('messages.open')} › · {t('messages.manageMarketing')}
        </Text>
      </View>
    </View>
  );
}
