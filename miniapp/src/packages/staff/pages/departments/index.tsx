import { Text, View } from '@tarojs/components';
import { DoctorCard } from '../../../../components/DoctorCard';
import { Page } from '../../../../components/Page';
import { ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { listDepartments, listDoctors } from '../../../../services/catalog';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';

export default function StaffDepartmentsPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const data = useQuery(() => Promise.all([listDepartments(), listDoctors()]), []);
  return (
    <Page title="staff.departmentsTitle" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="departments" /> : <View />}
      <ConsoleMain>
        <Text className="yb-console__title">{t('staff.departmentsTitle')}</Text>
        {data.loading && !data.data ? <LoadingState /> : null}
        {data.error ? <ErrorState error={data.error} onRetry={() => void data.reload()} /> : null}
        {data.data?.[0].map((dept) => (
          <View key={dept.id} className="yb-section">
            <Text className="yb-h2">
              {locale === 'en' ? dept.nameEn : dept.name} <Text className="yb-small">{dept.location}</Text>
            </Text>
            <View className="yb-doctors">
              {data
                .data![1].filter((d) => d.departmentId === dept.id)
                .map((d) => (
                  <DoctorCard key={d.id} doctor={d} />
                ))}
            </View>
          </View>
        ))}
      </ConsoleMain>
    </Page>
  );
}
