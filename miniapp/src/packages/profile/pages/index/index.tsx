import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ListRow, Section } from '../../../../components/ListRow';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { InlineError } from '../../../../components/states';
import { draftFrom, ProfileForm, validateDraft, type ProfileDraft } from '../../../../components/ProfileForm';
import { useI18n } from '../../../../hooks/use-i18n';
import { toApiError } from '../../../../services/errors';
import { updateProfile } from '../../../../services/patient-session';
import { useAppState } from '../../../../store/app-store';
import { updateRequest } from '../../../../utils/profile-draft';
import { missingPartsText, PHONE_PAGE } from '../../../../utils/real-name';

/**
 * The account holder's own profile: the real name and identity document (实名), birth date, sex and preferences; the
 * phone is bound through WeChat on its own page. `complete`: opened from a booking or consultation to complete the
 * real name — the document is then required, and saving goes back there.
 */
function ProfileEditor(props: { complete: boolean }) {
  const { t, locale } = useI18n();
  const self = useAppState((s) => s.patient.profiles.find((p) => p.isSelf) ?? null);
  const [draft, setDraft] = useState<ProfileDraft>(() => draftFrom(self));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A message about the last try goes once the patient changes something.
  const edit = (next: ProfileDraft) => {
    setDraft(next);
    setError(null);
  };

  useEffect(() => {
    if (self) setDraft((d) => (d.name || d.year || d.idNumber ? d : draftFrom(self)));
  }, [self]);

  if (!self) return null;
  const missing = self.realNameMissing;
  const phoneMissing = missing.includes('phone');

  const save = async () => {
    const checked = validateDraft(draft, t, { requireIdDocument: props.complete });
    if (typeof checked === 'string') return setError(checked);
    setError(null);
    setSaving(true);
    try {
      const updated = await updateProfile(self.id, updateRequest(draft, checked.birthDate, false));
      setDraft(draftFrom(updated));
      const done = updated.realNameMissing.length === 0;
      void Taro.showToast({ title: done && missing.length > 0 ? t('realName.saved') : t('profile.saved'), icon: 'success' });
      if (props.complete) {
        // Straight on to the phone when that is all that is left; otherwise back to the booking or consultation.
        if (updated.realNameMissing.includes('phone') && !updated.realNameMissing.some((p) => p !== 'phone'))
          await Taro.redirectTo({ url: `${PHONE_PAGE}?complete=1` });
        else await Taro.navigateBack();
      }
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View data-testid="profile-edit">
      {missing.length > 0 ? (
        <View className="yb-notice" data-testid="real-name-pending">
          <Text className="yb-notice__text">
            <Text className="yb-strong">{t('realName.pending')}</Text> {t('realName.stillNeeded', { parts: missingPartsText(missing, t) })}
          </Text>
        </View>
      ) : null}
      <View className="yb-section">
        <ProfileForm draft={draft} onChange={edit} family={false} error={null} />
      </View>
      <Section>
        <ListRow
          title={t('profile.phone')}
          hint={phoneMissing ? t('realName.neededToBook') : undefined}
          extra={self.phoneMasked ?? t('me.phoneNotBound')}
          arrow
          onClick={() => void Taro.navigateTo({ url: props.complete ? `${PHONE_PAGE}?complete=1` : PHONE_PAGE })}
          testId="profile-phone"
        />
      </Section>
      <InlineError message={error} />
      <View className="yb-actions">
        <Button type="primary" size="large" loading={saving} disabled={saving} onClick={() => void save()} data-testid="profile-save">
          {saving ? t('common.saving') : t('common.save')}
        </Button>
      </View>
    </View>
  );
}

export default function ProfilePage() {
  const complete = useRouter().params.complete === '1';
  return (
    <Page title="profile.title">
      <PatientGate>
        <ProfileEditor complete={complete} />
      </PatientGate>
    </Page>
  );
}
