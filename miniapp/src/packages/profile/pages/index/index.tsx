import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ListRow, Section } from '../../../../components/ListRow';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { draftFrom, ProfileForm, validateDraft, type ProfileDraft } from '../../../../components/ProfileForm';
import { useI18n } from '../../../../hooks/use-i18n';
import { toApiError } from '../../../../services/errors';
import { updateProfile } from '../../../../services/patient-session';
import { useAppState } from '../../../../store/app-store';

function ProfileEditor() {
  const { t, locale } = useI18n();
  const self = useAppState((s) => s.patient.profiles.find((p) => p.isSelf) ?? null);
  const [draft, setDraft] = useState<ProfileDraft>(() => draftFrom(self));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (self) setDraft((d) => (d.name || d.year ? d : draftFrom(self)));
  }, [self]);

  if (!self) return null;

  const save = async () => {
    const checked = validateDraft(draft, t);
    if (typeof checked === 'string') return setError(checked);
    setError(null);
    setSaving(true);
    try {
      await updateProfile(self.id, {
        name: draft.name.trim(),
        gender: draft.gender,
        birthDate: checked.birthDate,
        language: draft.language,
        paymentPreference: draft.paymentPreference,
      });
      void Taro.showToast({ title: t('profile.saved'), icon: 'success' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View>
      <ProfileForm draft={draft} onChange={setDraft} family={false} error={error} />
      <Section>
        <ListRow
          title={t('profile.phone')}
          extra={self.phoneMasked ?? t('me.phoneNotBound')}
          arrow
          onClick={() => void Taro.navigateTo({ url: '/packages/profile/pages/phone/index' })}
        />
        {self.idNumberMasked ? <ListRow title={t('profile.idNumber')} extra={self.idNumberMasked} /> : null}
      </Section>
      <View className="yb-actions">
        <Button type="primary" size="large" loading={saving} disabled={saving} onClick={() => void save()}>
          {saving ? t('common.saving') : t('common.save')}
        </Button>
      </View>
    </View>
  );
}

export default function ProfilePage() {
  return (
    <Page title="profile.title">
      <PatientGate>
        <ProfileEditor />
      </PatientGate>
    </Page>
  );
}
