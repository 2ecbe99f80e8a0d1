import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { STAFF_LOGIN_PAGE, staffSignOut } from '../../../../services/staff-session';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { tasksFor } from '../../tasks';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';

export default function StaffHomePage() {
  const { t } = useI18n();
  const { member, error, retry } = useStaffMember();

  const signOut = async () => {
    await staffSignOut();
    void Taro.showToast({ title: t('staff.signedOut'), icon: 'none' });
    await Taro.reLaunch({ url: STAFF_LOGIN_PAGE });
  };

  if (!member) {
    return (
      <Page title="staff.homeTitle" className="yb-console yb-console--centered">
        {error ? <ErrorState error={error} onRetry={retry} /> : <LoadingState />}
      </Page>
    );
  }

  const tasks = tasksFor(member.roles);
  const roles = member.roles.map((r) => t(`role.${r}`)).join(t('console.listSeparator'));
  return (
    <Page title="staff.homeTitle" className="yb-console">
      <ConsoleSidebar member={member} current="home" />
      <ConsoleMain>
        <View className="yb-console__bar" data-testid="staff-home" data-roles={member.roles.join(',')}>
          <View>
            <Text className="yb-console__title" data-testid="staff-welcome">
              {t('staff.welcome', { name: member.displayName })}
            </Text>
            <Text className="yb-muted" data-testid="staff-roles">
              {t('staff.roles', { roles })}
            </Text>
          </View>
          <Button size="small" onClick={() => void signOut()}>
            {t('staff.signOut')}
          </Button>
        </View>
        <Text className="yb-section__title">{t('staff.whatYouCanDo')}</Text>
        {tasks.length === 0 ? <EmptyState title={t('staff.noTasks')} hint={t('staff.noTasksHint')} /> : null}
        <View className="yb-tasks">
          {tasks.map((task) => (
            <View key={task.id} className="yb-task yb-task--open" data-testid={`staff-task-${task.id}`} onClick={() => void Taro.navigateTo({ url: task.url })}>
              <Text className="yb-task__title">{t(task.title)}</Text>
              <Text className="yb-task__hint">{t(task.hint)}</Text>
              <Text className="yb-link">›</Text>
            </View>
          ))}
        </View>
      </ConsoleMain>
    </Page>
  );
}
