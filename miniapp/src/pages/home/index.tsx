import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Icon } from '../../components/Icon';
import { HomeCards } from '../../components/home/HomeCards';
import { Page } from '../../components/Page';
import { PatientGate } from '../../components/PatientGate';
import { RealNameBadge } from '../../components/RealNameCard';
import { useI18n } from '../../hooks/use-i18n';
import { startPatientSession } from '../../services/patient-session';
import { activeProfile, useAppState } from '../../store/app-store';
import { displayName, profileSummary } from '../../utils/people';
import { realNameSteps } from '../../utils/real-name';

const go = (url: string) => () => void Taro.navigateTo({ url });

function Home() {
  const { t } = useI18n();
  const profile = useAppState(activeProfile);
  const self = useAppState((s) => s.patient.profiles.find((p) => p.isSelf) ?? null);
  // The name and document (the phone has its own notice above): what booking and consulting will ask for.
  const identityStep = profile ? realNameSteps(profile, profile.realNameMissing).find((step) => step.kind === 'identity') : undefined;

  return (
    <View data-testid="home">
      <View className="yb-hero">
        <Text className="yb-h1" data-testid="home-greeting">
          {self?.name ? t('home.greeting', { name: self.name }) : t('home.greetingAnonymous')}
        </Text>
        <Text className="yb-muted">{t('app.hospital')}</Text>
      </View>

      <HomeCards />

      {profile ? (
        <View className="yb-section">
          <Text className="yb-section__title">{t('home.actingFor')}</Text>
          <View className="yb-card yb-card--padded" onClick={go('/packages/family/pages/index/index')} data-testid="acting-profile">
            <View style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: '8px', flexWrap: 'wrap' }}>
              <Text className="yb-h2" data-testid="acting-profile-name">
                {displayName(profile, t)}
              </Text>
              <RealNameBadge profile={profile} />
            </View>
            <Text className="yb-muted">{profileSummary(profile, t)}</Text>
            <Text className="yb-link">{t('home.switchProfile')} ›</Text>
          </View>
        </View>
      ) : null}

      {self && !self.phoneMasked ? (
        <View className="yb-notice">
          <Text className="yb-notice__text">{t('home.phoneMissing')}</Text>
          <Text className="yb-textbutton" onClick={go('/packages/profile/pages/phone/index')}>
            {t('home.phoneBind')}
          </Text>
        </View>
      ) : null}
      {identityStep && profile ? (
        <View className="yb-notice" data-testid="home-real-name">
          <Text className="yb-notice__text">
            {profile.name?.trim() ? t('realName.homeNotice', { name: profile.name.trim() }) : t('realName.homeNoticeUnnamed')}
          </Text>
          <Text className="yb-textbutton" onClick={go(identityStep.url)}>
            {t('realName.complete')}
          </Text>
        </View>
      ) : profile && (!profile.name || !profile.birthDate) ? (
        <View className="yb-notice">
          <Text className="yb-notice__text">{t('home.profileIncomplete')}</Text>
          <Text
            className="yb-textbutton"
            onClick={go(profile.isSelf ? '/packages/profile/pages/index/index' : `/packages/family/pages/edit/index?id=${profile.id}`)}
          >
            {t('home.profileComplete')}
          </Text>
        </View>
      ) : null}

      <View className="yb-section">
        <Text className="yb-section__title">{t('home.quickTitle')}</Text>
        <View className="yb-grid">
          <View className="yb-tile" onClick={() => void Taro.switchTab({ url: '/pages/booking/index' })}>
            <Icon name="calendarPlus" size="xl" className="yb-tile__icon" />
            <Text className="yb-tile__title">{t('home.quick.booking')}</Text>
            <Text className="yb-tile__hint">{t('home.quick.bookingHint')}</Text>
          </View>
          <View className="yb-tile" onClick={go('/packages/consult/pages/start/index')} data-testid="tile-consult">
            <Icon name="chat" size="xl" className="yb-tile__icon" />
            <Text className="yb-tile__title">{t('consult.entry')}</Text>
            <Text className="yb-tile__hint">{t('consult.entryHint')}</Text>
          </View>
          <View className="yb-tile" onClick={go('/packages/booking/pages/appointments/index')} data-testid="tile-appointments">
            <Icon name="calendarCheck" size="xl" className="yb-tile__icon" />
            <Text className="yb-tile__title">{t('home.quick.appointments')}</Text>
            <Text className="yb-tile__hint">{t('home.quick.appointmentsHint')}</Text>
          </View>
          <View className="yb-tile" onClick={go('/packages/family/pages/index/index')} data-testid="tile-family">
            <Icon name="family" size="xl" className="yb-tile__icon" />
            <Text className="yb-tile__title">{t('home.quick.family')}</Text>
            <Text className="yb-tile__hint">{t('home.quick.familyHint')}</Text>
          </View>
          <View className="yb-tile" onClick={go('/packages/profile/pages/index/index')}>
            <Icon name="idCard" size="xl" className="yb-tile__icon" />
            <Text className="yb-tile__title">{t('home.quick.profile')}</Text>
            <Text className="yb-tile__hint">{t('home.quick.profileHint')}</Text>
          </View>
          <View className="yb-tile" onClick={go('/packages/settings/pages/index/index')} data-testid="tile-settings">
            <Icon name="settings" size="xl" className="yb-tile__icon" />
            <Text className="yb-tile__title">{t('home.quick.settings')}</Text>
            <Text className="yb-tile__hint">{t('home.quick.settingsHint')}</Text>
          </View>
        </View>
      </View>

      <View className="yb-section">
        <View className="yb-card yb-card--padded">
          <Text className="yb-strong yb-body">{t('home.careTitle')}</Text>
          <Text className="yb-muted">{t('home.careBody')}</Text>
        </View>
      </View>
    </View>
  );
}

export default function HomePage() {
  usePullDownRefresh(() => {
    void startPatientSession(true).finally(() => Taro.stopPullDownRefresh());
  });
  return (
    <Page title="tab.home" tab>
      <PatientGate>
        <Home />
      </PatientGate>
    </Page>
  );
}
