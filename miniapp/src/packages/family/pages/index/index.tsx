import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { openConsent, PatientGate } from '../../../../components/PatientGate';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { RealNameBadge } from '../../../../components/RealNameCard';
import { EmptyState, InlineError } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { translate } from '../../../../i18n';
import { toApiError } from '../../../../services/errors';
import { reloadProfiles, removeFamilyMember, switchActiveProfile } from '../../../../services/patient-session';
import { appStore, useAppState } from '../../../../store/app-store';
import { displayName, profileSummary } from '../../../../utils/people';
import { missingPartsText, realNameSteps } from '../../../../utils/real-name';

function Family() {
  const { t, locale } = useI18n();
  const profiles = useAppState((s) => s.patient.profiles);
  const activeId = useAppState((s) => s.patient.activePatientId);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  useDidShow(() => {
    if (appStore.get().patient.status === 'ready') void reloadProfiles().catch(() => undefined);
  });

  const makeActive = async (id: string) => {
    setBusyId(id);
    setError(null);
    try {
      const missing = await switchActiveProfile(id);
      const name = displayName(
        appStore.get().patient.profiles.find((p) => p.id === id),
        t,
      );
      if (missing.length > 0) openConsent(id);
      else void Taro.showToast({ title: translate(locale, 'family.switched', { name }), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusyId(null);
    }
  };

  const remove = async (id: string, name: string) => {
    const { confirm } = await Taro.showModal({
      title: t('family.remove'),
      content: t('family.removeConfirm', { name }),
      confirmColor: '#b3261e',
      confirmText: t('family.remove'),
      cancelText: t('common.cancel'),
    });
    if (!confirm) return;
    setBusyId(id);
    try {
      await removeFamilyMember(id);
      void Taro.showToast({ title: t('family.removed'), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusyId(null);
    }
  };

  const family = profiles.filter((p) => !p.isSelf);
  return (
    <View data-testid="family">
      <Text className="yb-muted">{t('family.intro')}</Text>
      <View className="yb-section yb-stack">
        {profiles.map((p) => {
          const active = p.id === activeId;
          const name = displayName(p, t);
          const [completeStep] = realNameSteps(p, p.realNameMissing);
          return (
            <View
              key={p.id}
              className="yb-card yb-card--padded"
              data-testid="family-member"
              data-name={p.name ?? ''}
              data-active={active ? 'yes' : 'no'}
              data-real-name={p.realNameMissing.length > 0 ? 'missing' : 'complete'}
            >
              <View style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: '8px', flexWrap: 'wrap' }}>
                <Text className="yb-h2">{name}</Text>
                <View style={{ display: 'flex', gap: '6px', flexWrap: 'wrap' }}>
                  <RealNameBadge profile={p} />
                  {active ? <Text className="yb-badge">{t('family.active')}</Text> : null}
                </View>
              </View>
              <Text className="yb-muted">{profileSummary(p, t)}</Text>
              {p.phoneMasked ? <Text className="yb-muted">{p.phoneMasked}</Text> : null}
              {p.realNameMissing.length > 0 ? (
                <Text className="yb-muted">{t('realName.stillNeeded', { parts: missingPartsText(p.realNameMissing, t) })}</Text>
              ) : null}
              <View style={{ display: 'flex', gap: '16px', marginTop: '8px', flexWrap: 'wrap' }}>
                {completeStep ? (
                  <Text className="yb-textbutton" onClick={() => void Taro.navigateTo({ url: completeStep.url })} data-testid="family-complete">
                    {t('realName.complete')}
                  </Text>
                ) : null}
                {!active ? (
                  <Text className="yb-textbutton" onClick={() => void makeActive(p.id)} data-testid="family-switch">
                    {busyId === p.id ? t('common.loading') : t('family.switch')}
                  </Text>
                ) : null}
                <Text
                  className="yb-textbutton"
                  onClick={() =>
                    void Taro.navigateTo({ url: p.isSelf ? '/packages/profile/pages/index/index' : `/packages/family/pages/edit/index?id=${p.id}` })
                  }
                >
                  {t('common.edit')}
                </Text>
                {!p.isSelf ? (
                  <Text className="yb-textbutton yb-textbutton--danger" onClick={() => void remove(p.id, name)}>
                    {t('family.remove')}
                  </Text>
                ) : null}
              </View>
            </View>
          );
        })}
      </View>
      {family.length === 0 ? <EmptyState icon="family" title={t('family.empty')} hint={t('family.emptyHint')} /> : null}
      <InlineError message={error} />
      <View className="yb-actions">
        <Button type="primary" size="large" onClick={() => void Taro.navigateTo({ url: '/packages/family/pages/edit/index' })} data-testid="family-add">
          {t('family.add')}
        </Button>
      </View>
    </View>
  );
}

export default function FamilyPage() {
  return (
    <Page title="family.title">
      <PatientGate>
        <Family />
      </PatientGate>
    </Page>
  );
}
