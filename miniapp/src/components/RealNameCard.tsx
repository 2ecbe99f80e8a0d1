import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PatientView, RealNamePart } from '@yiban/shared';
import { useI18n } from '../hooks/use-i18n';
import { missingPartsText, realNameSteps } from '../utils/real-name';
import { Button } from './nut';

const open = (url: string) => () => void Taro.navigateTo({ url });

/**
 * Before booking or consulting for a profile that lacks its real name (实名): what is missing, why the hospital asks,
 * and the way to complete it — the page stays as it is underneath, so coming back carries on where the patient was.
 * `after` says what happens on return ("the time you chose stays selected"); `inset` inside another card.
 */
export function RealNameCard(props: { profile: PatientView; missing: RealNamePart[]; after: 'booking' | 'consult' | 'other'; inset?: boolean }) {
  const { t } = useI18n();
  if (props.missing.length === 0) return null;
  const [first, second] = realNameSteps(props.profile, props.missing);
  const name = props.profile.name?.trim();
  return (
    <View
      className={props.inset ? 'yb-section yb-realname yb-realname--inset' : 'yb-card yb-card--padded yb-section yb-realname'}
      role="alert"
      data-testid="real-name-card"
      data-missing={props.missing.join(',')}
    >
      <Text className="yb-h2">{name ? t('realName.cardTitle', { name }) : t('realName.cardTitleUnnamed')}</Text>
      <Text className="yb-body yb-strong" data-testid="real-name-missing">
        {t('realName.stillNeeded', { parts: missingPartsText(props.missing, t) })}
      </Text>
      <Text className="yb-muted">{t('realName.why')}</Text>
      <Text className="yb-muted">{t(`realName.back.${props.after}`)}</Text>
      <View className="yb-actions">
        {first ? (
          <Button type="primary" size="large" onClick={open(first.url)} data-testid="real-name-complete">
            {t('realName.complete')}
          </Button>
        ) : null}
        {second ? (
          <Button size="large" fill="outline" onClick={open(second.url)} data-testid="real-name-phone">
            {t('realName.bindPhone')}
          </Button>
        ) : null}
      </View>
    </View>
  );
}

/** Where the submit button would be, when the card itself is further up the page: why it is not there, and the way on. */
export function RealNameNotice(props: { profile: PatientView; missing: RealNamePart[] }) {
  const { t } = useI18n();
  const [first] = realNameSteps(props.profile, props.missing);
  if (!first) return null;
  return (
    <View data-testid="real-name-notice">
      <View className="yb-notice">
        <Text className="yb-notice__text">{t('realName.beforeSubmit')}</Text>
      </View>
      <View className="yb-actions">
        <Button type="primary" size="large" onClick={open(first.url)}>
          {t('realName.complete')}
        </Button>
      </View>
    </View>
  );
}

/** "实名信息待补全", beside a profile's name wherever the patient chooses whom to act for. */
export function RealNameBadge(props: { profile: PatientView | null | undefined }) {
  const { t } = useI18n();
  if (!props.profile || props.profile.realNameMissing.length === 0) return null;
  return (
    <Text className="yb-badge yb-badge--attention" data-testid="real-name-badge">
      {t('realName.pending')}
    </Text>
  );
}
