import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { DoctorCard } from '../../../../components/DoctorCard';
import { CatalogText, InChinese } from '../../../../components/InChinese';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { listDepartments, listDoctors } from '../../../../services/catalog';

export default function DoctorsPage() {
  const { t, locale } = useI18n();
  const departmentId = useRouter().params.departmentId;
  const doctors = useQuery(() => listDoctors(departmentId), [departmentId, locale]);
  const departments = useQuery(listDepartments, [locale]);
  const department = departments.data?.find((d) => d.id === departmentId);
  return (
    <Page title="booking.doctors">
      {department ? (
        <View className="yb-card yb-card--padded">
          <Text className="yb-h2">
            {department.name}
            <InChinese show={department.fallback.includes('name')} />
          </Text>
          <View>
            <CatalogText className="yb-muted" text={department.description} fallback={department.fallback.includes('description')} />
          </View>
          <View>
            <CatalogText
              className="yb-muted"
              text={t('booking.location', { location: department.location })}
              fallback={department.fallback.includes('location')}
            />
          </View>
        </View>
      ) : null}
      {doctors.loading && !doctors.data ? <LoadingState /> : null}
      {doctors.error ? <ErrorState error={doctors.error} onRetry={() => void doctors.reload()} /> : null}
      {doctors.data?.length === 0 ? <EmptyState icon="stethoscope" title={t('booking.doctorsEmpty')} hint={t('booking.doctorsEmptyHint')} /> : null}
      <View className="yb-section yb-stack">
        {doctors.data?.map((d) => (
          <View
            key={d.id}
            data-testid="doctor-link"
            data-doctor-id={d.id}
            onClick={() => void Taro.navigateTo({ url: `/packages/booking/pages/doctor/index?id=${d.id}` })}
            style={{ cursor: 'pointer' }}
          >
            <DoctorCard doctor={d} footer={<Text className="yb-link">{t('booking.book')} ›</Text>} />
          </View>
        ))}
      </View>
    </Page>
  );
}
