import { Text, View } from '@tarojs/components';
import type { DoctorText, DoctorView } from '@yiban/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../hooks/use-i18n';
import { formatFen } from '../i18n';
import { CatalogText, InChinese } from './InChinese';

export function DoctorCard(props: { doctor: DoctorView; footer?: ReactNode }) {
  const { t } = useI18n();
  const d = props.doctor;
  const shownInChinese = (text: DoctorText) => d.fallback.includes(text);
  return (
    <View className="yb-card yb-card--padded" data-testid="doctor">
      <Text className="yb-h2">
        {d.name} <InChinese show={shownInChinese('name')} /> <Text className="yb-badge">{t(`title.${d.title}`)}</Text>
      </Text>
      <View>
        <CatalogText className="yb-muted" text={d.specialties.join(' · ')} fallback={shownInChinese('specialties')} />
      </View>
      <View>
        <CatalogText className="yb-body" text={d.bio} fallback={shownInChinese('bio')} />
      </View>
      <View className="yb-choices" style={{ marginTop: '8px' }}>
        {d.visitTypes.map((v) => (
          <Text key={v.type} className="yb-badge yb-badge--muted">
            {t(`booking.fee.${v.type}`, { fee: formatFen(v.fee) })}
          </Text>
        ))}
      </View>
      {props.footer ? <View style={{ marginTop: '10px' }}>{props.footer}</View> : null}
    </View>
  );
}
