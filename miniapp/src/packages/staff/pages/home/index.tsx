import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { ErrorState, LoadingState } from '../../../../components/states';
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

  const roles = member.roles.map((r) => t(`role.${r}`)).join('、');
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
        <View className="yb-tasks">
          {tasksFor(member.roles).map((task) => (
            <View
              key={task.id}
              className={`yb-task ${task.url ? 'yb-task--open' : ''}`}
              data-testid={`staff-task-${task.id}`}
              onClick={task.url ? () => void Taro.navigateTo({ url: task.url! }) : undefined}
            >
              <Text className="yb-task__title">{t(task.title)}</Text>
              <Text className="yb-task__hint">{t(task.hint)}</Text>
              {task.url ? <Text className="yb-link">›</Text> : <Text className="yb-badge yb-badge--muted">{t('common.comingSoon')}</Text>}
            </View>
          ))}
        </View>
      </ConsoleMain>
    </Page>
  );
}
