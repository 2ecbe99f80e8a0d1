import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ListRow, Section } from '../../components/ListRow';
import { Page } from '../../components/Page';
import { PatientGate } from '../../components/PatientGate';
import { RealNameBadge } from '../../components/RealNameCard';
import { useI18n } from '../../hooks/use-i18n';
import { useAppState } from '../../store/app-store';
import { displayName, profileSummary } from '../../utils/people';

const go = (url: string) => () => void Taro.navigateTo({ url });

function Me() {
  const { t } = useI18n();
  const self = useAppState((s) => s.patient.profiles.find((p) => p.isSelf) ?? null);
  const count = useAppState((s) => s.patient.profiles.length);
  return (
    <View>
      {self ? (
        <View className="yb-hero" onClick={go('/packages/profile/pages/index/index')}>
          <Text className="yb-h1">{displayName(self, t)}</Text>
          <Text className="yb-muted">{profileSummary(self, t)}</Text>
          <RealNameBadge profile={self} />
        </View>
      ) : null}
      <Section>
        <ListRow icon="calendarCheck" title={t('me.appointments')} arrow onClick={go('/packages/booking/pages/appointments/index')} testId="me-appointments" />
        <ListRow icon="clock" title={t('me.waitlist')} arrow onClick={go('/packages/booking/pages/waitlist/index')} testId="me-waitlist" />
        <ListRow
          icon="receipt"
          title={t('orders.title')}
          hint={t('orders.hint')}
          arrow
          onClick={go('/packages/booking/pages/orders/index')}
          testId="me-orders"
        />
      </Section>
      <Section>
        <ListRow
          icon="chat"
          title={t('consult.mine')}
          hint={t('consult.entryHint')}
          arrow
          onClick={go('/packages/consult/pages/list/index')}
          testId="me-consultations"
        />
        <ListRow icon="stethoscope" title={t('consult.entry')} arrow onClick={go('/packages/consult/pages/start/index')} testId="me-consult-start" />
      </Section>
      <Section>
        <ListRow
          icon="inbox"
          title={t('content.entry')}
          hint={t('content.entryHint')}
          arrow
          onClick={go('/packages/content/pages/feed/index')}
          testId="me-content"
        />
        <ListRow icon="check" title={t('content.favouritesEntry')} arrow onClick={go('/packages/content/pages/favourites/index')} testId="me-favourites" />
        <ListRow
          icon="message"
          title={t('me.surveys')}
          hint={t('me.surveysHint')}
          arrow
          onClick={go('/packages/surveys/pages/list/index')}
          testId="me-surveys"
        />
        <ListRow
          icon="stethoscope"
          title={t('health.title')}
          hint={t('health.entryHint')}
          arrow
          onClick={go('/packages/health-record/pages/index/index')}
          testId="me-health-record"
        />
        <ListRow
          icon="receipt"
          title={t('me.membership')}
          hint={t('me.membershipHint')}
          arrow
          onClick={go('/packages/membership/pages/card/index')}
          testId="me-membership"
        />
        <ListRow icon="calendar" title={t('me.club')} hint={t('me.clubHint')} arrow onClick={go('/packages/club/pages/list/index')} testId="me-club" />
        <ListRow
          icon="calendar"
          title={t('me.followups')}
          hint={t('me.followupsHint')}
          arrow
          onClick={go('/packages/followups/pages/plan/index')}
          testId="me-followups"
        />
      </Section>
      <Section>
        <ListRow
          title={t('me.profile')}
          extra={self && self.realNameMissing.length > 0 ? t('realName.pending') : undefined}
          arrow
          onClick={go('/packages/profile/pages/index/index')}
          testId="me-profile"
        />
        <ListRow icon="family" title={t('me.family')} extra={String(count)} arrow onClick={go('/packages/family/pages/index/index')} testId="me-family" />
        <ListRow
          icon="idCard"
          title={t('me.phone')}
          extra={self?.phoneMasked ?? t('me.phoneNotBound')}
          arrow
          onClick={go('/packages/profile/pages/phone/index')}
        />
      </Section>
      <Section>
        <ListRow icon="settings" title={t('me.settings')} arrow onClick={go('/packages/settings/pages/index/index')} testId="me-settings" />
        <ListRow icon="lock" title={t('me.privacy')} arrow onClick={go('/packages/consent/pages/policy/index?kind=privacy_policy')} />
      </Section>
      <Section>
        <ListRow
          icon="hospital"
          title={t('me.staffEntry')}
          hint={t('me.staffEntryHint')}
          arrow
          onClick={go('/packages/staff/pages/login/index')}
          testId="me-staff"
        />
      </Section>
    </View>
  );
}

export default function MePage() {
  return (
    <Page title="tab.me" tab>
      <PatientGate>
        <Me />
      </PatientGate>
    </Page>
  );
}
