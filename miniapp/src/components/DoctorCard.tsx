import { Text, View } from '@tarojs/components';
import type { DoctorView } from '@yiban/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../hooks/use-i18n';
import { formatFen } from '../i18n';

export function DoctorCard(props: { doctor: DoctorView; footer?: ReactNode }) {
  const { t, locale } = useI18n();
  const d = props.doctor;
  const en = locale === 'en';
  return (
    <View className="yb-card yb-card--padded" data-testid="doctor">
      <Text className="yb-h2">
        {en ? d.nameEn : d.name} <Text className="yb-badge">{t(`title.${d.title}`)}</Text>
      </Text>
      <Text className="yb-muted">{(en ? d.specialtiesEn : d.specialties).join(' · ')}</Text>
      <Text className="yb-body">{en ? d.bioEn : d.bio}</Text>
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
