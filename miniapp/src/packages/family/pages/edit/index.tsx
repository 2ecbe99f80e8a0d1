import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CURRENT_CONSENT_VERSIONS, REQUIRED_CONSENTS } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { draftFrom, ProfileForm, validateDraft, type ProfileDraft } from '../../../../components/ProfileForm';
import { InlineError } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { toApiError } from '../../../../services/errors';
import { createFamilyMember, recordConsents, updateProfile } from '../../../../services/patient-session';
import { useAppState } from '../../../../store/app-store';
import { createRequest, updateRequest } from '../../../../utils/profile-draft';
import { missingPartsText } from '../../../../utils/real-name';

/** A family member's profile, added or edited. `complete`: opened to complete their real name (实名) before booking or consulting. */
function FamilyEditor(props: { id?: string; complete: boolean }) {
  const { t, locale } = useI18n();
  const existing = useAppState((s) => (props.id ? (s.patient.profiles.find((p) => p.id === props.id) ?? null) : null));
  const [draft, setDraft] = useState<ProfileDraft>(() => draftFrom(existing, existing ? {} : { language: locale }));
  const [authorized, setAuthorized] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A message about the last try goes once the patient changes something.
  const edit = (next: ProfileDraft) => {
    setDraft(next);
    setError(null);
  };

  const save = async () => {
    const checked = validateDraft(draft, t, { requireIdDocument: props.complete });
    if (typeof checked === 'string') return setError(checked);
    if (!existing && !authorized) return setError(t('family.authorizeRequired'));
    setError(null);
    setSaving(true);
    try {
      if (existing) {
        const updated = await updateProfile(existing.id, updateRequest(draft, checked.birthDate, true));
        const completed = existing.realNameMissing.length > 0 && updated.realNameMissing.length === 0;
        void Taro.showToast({ title: completed ? t('realName.saved') : t('profile.saved'), icon: 'success' });
      } else {
        const body = createRequest(draft, checked.birthDate);
        const created = await createFamilyMember(body);
        // The holder agreed on the relative's behalf (ticked above): record it for that profile, version by version.
        await recordConsents(
          REQUIRED_CONSENTS.map((kind) => ({ kind, version: CURRENT_CONSENT_VERSIONS[kind], granted: true })),
          created.id,
        );
        void Taro.showToast({ title: t('family.added', { name: body.name }), icon: 'none' });
      }
      await Taro.navigateBack();
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View data-testid="family-edit">
      {existing && existing.realNameMissing.length > 0 ? (
        <View className="yb-notice" data-testid="real-name-pending">
          <Text className="yb-notice__text">
            <Text className="yb-strong">{t('realName.pending')}</Text> {t('realName.stillNeeded', { parts: missingPartsText(existing.realNameMissing, t) })}
          </Text>
        </View>
      ) : null}
      <View className="yb-section">
        <ProfileForm draft={draft} onChange={edit} family error={null} />
      </View>
      {!existing ? (
        <View className="yb-section yb-card">
          <View className="yb-consent">
            <View
              className={`yb-consent__box ${authorized ? 'yb-consent__box--on' : ''}`}
              onClick={() => {
                setAuthorized(!authorized);
                setError(null);
              }}
              role="checkbox"
              aria-checked={authorized}
              data-testid="family-authorize"
            >
              {authorized ? '✓' : ''}
            </View>
            <View className="yb-consent__main" onClick={() => setAuthorized(!authorized)}>
              <Text className="yb-body">{t('family.authorize')}</Text>
            </View>
          </View>
        </View>
      ) : null}
      <InlineError message={error} />
      <View className="yb-actions">
        <Button type="primary" size="large" loading={saving} disabled={saving} onClick={() => void save()} data-testid="family-save">
          {saving ? t('common.saving') : t('common.save')}
        </Button>
      </View>
    </View>
  );
}

export default function FamilyEditPage() {
  const { id, complete } = useRouter().params;
  return (
    <Page title={id ? 'family.editTitle' : 'family.addTitle'}>
      <PatientGate>
        <FamilyEditor id={id} complete={complete === '1'} />
      </PatientGate>
    </Page>
  );
}
