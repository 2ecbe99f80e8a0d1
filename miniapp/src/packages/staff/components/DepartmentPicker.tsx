import { Text, View } from '@tarojs/components';
import { useI18n } from '../../../hooks/use-i18n';
import type { useStaffDepartment } from '../use-department';

/** Department chips (admins only) and doctor chips ("all" first). */
export function DepartmentPicker(props: { dept: ReturnType<typeof useStaffDepartment>; allDoctors?: boolean }) {
  const { t } = useI18n();
  const { dept } = props;
  return (
    <View>
      {dept.choosable && dept.departments.data ? (
        <View className="yb-toolbar" data-testid="dept-picker">
          <Text className="yb-toolbar__label">{t('schedule.department')}</Text>
          {dept.departments.data.map((d) => (
            <Text key={d.id} className={`yb-choice ${d.id === dept.departmentId ? 'yb-choice--on' : ''}`} onClick={() => dept.pickDepartment(d.id)}>
              {d.name}
            </Text>
          ))}
        </View>
      ) : null}
      {dept.doctors.data && dept.doctors.data.length > 0 ? (
        <View className="yb-toolbar" data-testid="doctor-picker">
          <Text className="yb-toolbar__label">{t('schedule.doctor')}</Text>
          {props.allDoctors !== false ? (
            <Text className={`yb-choice ${dept.doctorId === null ? 'yb-choice--on' : ''}`} onClick={() => dept.pickDoctor(null)}>
              {t('schedule.allDoctors')}
            </Text>
          ) : null}
          {dept.doctors.data.map((d) => (
            <Text key={d.id} className={`yb-choice ${d.id === dept.doctorId ? 'yb-choice--on' : ''}`} onClick={() => dept.pickDoctor(d.id)}>
              {d.name}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
