import { Text, View } from '@tarojs/components';
import { DoctorCard } from '../../../../components/DoctorCard';
import { InChinese } from '../../../../components/InChinese';
import { Page } from '../../../../components/Page';
import { ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { listDepartments, listDoctors } from '../../../../services/catalog';
import { CatalogEditor } from '../../components/CatalogEditor';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';

/** Departments and doctors as patients read them, in the console's language (clinic staff look things up here). */
function CatalogAsPatientsSeeIt() {
  const { t, locale } = useI18n();
  const data = useQuery(() => Promise.all([listDepartments(), listDoctors()]), [locale]);
  return (
    <>
      {data.loading && !data.data ? <LoadingState /> : null}
      {data.error ? <ErrorState error={data.error} onRetry={() => void data.reload()} /> : null}
      {data.data?.[0].map((dept) => (
        <View key={dept.id} className="yb-section">
          <Text className="yb-h2">
            {dept.name}
            <InChinese show={dept.fallback.includes('name')} />{' '}
            <Text className="yb-small">
              {t('booking.location', { location: dept.location })}
              <InChinese show={dept.fallback.includes('location')} />
            </Text>
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
    </>
  );
}

/** 科室与医生: admins enter the catalogue's texts in both languages; other staff read it as patients do. */
export default function StaffDepartmentsPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const admin = !!member?.roles.includes('admin');
  return (
    <Page title="staff.departmentsTitle" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="departments" /> : <View />}
      <ConsoleMain>
        <Text className="yb-console__title">{t('staff.departmentsTitle')}</Text>
        {!member ? <LoadingState /> : admin ? <CatalogEditor /> : <CatalogAsPatientsSeeIt />}
      </ConsoleMain>
    </Page>
  );
}
