import { Input, Text, View } from '@tarojs/components';
import {
  GENDERS,
  isValidChineseIdNumber,
  isValidPhone,
  LOCALES,
  PAYMENT_PREFERENCES,
  RELATIONSHIPS,
  type Gender,
  type Locale,
  type PatientView,
  type PaymentPreference,
  type Relationship,
} from '@yiban/shared';
import { useState } from 'react';
import { useI18n, type Translate } from '../hooks/use-i18n';
import { InlineError } from './states';

export interface ProfileDraft {
  name: string;
  gender: Gender;
  year: string;
  month: string;
  day: string;
  relationship: Relationship;
  phone: string;
  idNumber: string;
  language: Locale;
  paymentPreference: PaymentPreference;
}

export function draftFrom(profile: PatientView | null, defaults: Partial<ProfileDraft> = {}): ProfileDraft {
  const [year = '', month = '', day = ''] = profile?.birthDate?.split('-') ?? [];
  return {
    name: profile?.name ?? '',
    gender: profile?.gender ?? 'unknown',
    year,
    month: month.replace(/^0/, ''),
    day: day.replace(/^0/, ''),
    relationship: profile?.relationship ?? 'parent',
    phone: '',
    idNumber: '',
    language: profile?.language ?? 'zh-CN',
    paymentPreference: profile?.paymentPreference ?? 'self_pay',
    ...defaults,
  };
}

/** Checks a draft the way the server will, so the user hears about a mistake before sending. Null when fine. */
export function validateDraft(draft: ProfileDraft, t: Translate, today = new Date()): { birthDate: string } | string {
  if (!draft.name.trim()) return t('profile.nameRequired');
  if (!draft.year || !draft.month || !draft.day) return t('profile.birthRequired');
  const y = Number(draft.year);
  const m = Number(draft.month);
  const d = Number(draft.day);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!Number.isInteger(y) || y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > today.getTime())
    return t('profile.birthInvalid');
  if (draft.phone && !isValidPhone(draft.phone.trim())) return t('profile.phoneInvalid');
  if (draft.idNumber && !isValidChineseIdNumber(draft.idNumber.trim())) return t('profile.idInvalid');
  return { birthDate: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

function Choices<T extends string>(props: { value: T; options: readonly T[]; label: (v: T) => string; onChange: (v: T) => void; testId?: string }) {
  return (
    <View className="yb-choices" data-testid={props.testId}>
      {props.options.map((option) => (
        <View
          key={option}
          className={`yb-choice ${option === props.value ? 'yb-choice--on' : ''}`}
          onClick={() => props.onChange(option)}
          data-value={option}
          aria-checked={option === props.value}
          role="radio"
        >
          {props.label(option)}
        </View>
      ))}
    </View>
  );
}

/** The fields of a patient profile, large and one per row. `family` adds relationship and the optional identifiers. */
export function ProfileForm(props: { draft: ProfileDraft; onChange: (draft: ProfileDraft) => void; family: boolean; error: string | null }) {
  const { t } = useI18n();
  const [idHint, setIdHint] = useState(false);
  const { draft } = props;
  const set = (patch: Partial<ProfileDraft>) => props.onChange({ ...draft, ...patch });

  const onIdNumber = (value: string) => {
    const id = value.trim().toUpperCase();
    // A valid resident ID carries the birth date and sex: fill them in so nobody types them twice.
    if (isValidChineseIdNumber(id)) {
      set({
        idNumber: id,
        year: id.slice(6, 10),
        month: String(Number(id.slice(10, 12))),
        day: String(Number(id.slice(12, 14))),
        gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
      });
      setIdHint(true);
    } else set({ idNumber: value });
  };

  return (
    <View className="yb-card">
      <View className="yb-field">
        <Text className="yb-field__label">{t('profile.name')}</Text>
        <Input
          className="yb-input"
          value={draft.name}
          maxlength={32}
          placeholder={t('profile.namePlaceholder')}
          onInput={(e) => set({ name: e.detail.value })}
          data-testid="field-name"
        />
      </View>
      {props.family ? (
        <View className="yb-field">
          <Text className="yb-field__label">{t('profile.relationship')}</Text>
          <Choices
            value={draft.relationship}
            options={RELATIONSHIPS.filter((r) => r !== 'self')}
            label={(r) => t(`relationship.${r}`)}
            onChange={(relationship) => set({ relationship })}
            testId="field-relationship"
          />
        </View>
      ) : null}
      {props.family ? (
        <View className="yb-field">
          <Text className="yb-field__label">{t('profile.idNumber')}</Text>
          <Input
            className="yb-input"
            type="idcard"
            value={draft.idNumber}
            maxlength={18}
            placeholder={t('profile.idNumberPlaceholder')}
            onInput={(e) => onIdNumber(e.detail.value)}
            data-testid="field-id-number"
          />
          {idHint ? <Text className="yb-small">{t('profile.idNumberFills')}</Text> : null}
        </View>
      ) : null}
      <View className="yb-field">
        <Text className="yb-field__label">{t('profile.gender')}</Text>
        <Choices value={draft.gender} options={GENDERS} label={(g) => t(`gender.${g}`)} onChange={(gender) => set({ gender })} testId="field-gender" />
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('profile.birthDate')}</Text>
        <View className="yb-date">
          <Input
            className="yb-input"
            type="number"
            maxlength={4}
            value={draft.year}
            placeholder="1952"
            onInput={(e) => set({ year: e.detail.value })}
            data-testid="field-year"
          />
          <Text className="yb-date__unit">{t('profile.year')}</Text>
          <Input
            className="yb-input"
            type="number"
            maxlength={2}
            value={draft.month}
            placeholder="3"
            onInput={(e) => set({ month: e.detail.value })}
            data-testid="field-month"
          />
          <Text className="yb-date__unit">{t('profile.month')}</Text>
          <Input
            className="yb-input"
            type="number"
            maxlength={2}
            value={draft.day}
            placeholder="14"
            onInput={(e) => set({ day: e.detail.value })}
            data-testid="field-day"
          />
          <Text className="yb-date__unit">{t('profile.day')}</Text>
        </View>
      </View>
      {props.family ? (
        <View className="yb-field">
          <Text className="yb-field__label">{t('profile.phone')}</Text>
          <Input
            className="yb-input"
            type="number"
            value={draft.phone}
            maxlength={11}
            placeholder={t('profile.phonePlaceholder')}
            onInput={(e) => set({ phone: e.detail.value })}
            data-testid="field-phone"
          />
        </View>
      ) : null}
      <View className="yb-field">
        <Text className="yb-field__label">{t('profile.language')}</Text>
        <Choices value={draft.language} options={LOCALES} label={(l) => t(`language.${l}`)} onChange={(language) => set({ language })} />
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('profile.payment')}</Text>
        <Choices
          value={draft.paymentPreference}
          options={PAYMENT_PREFERENCES}
          label={(p) => t(`payment.${p}`)}
          onChange={(paymentPreference) => set({ paymentPreference })}
        />
      </View>
      {props.error ? (
        <View className="yb-field">
          <InlineError message={props.error} />
        </View>
      ) : null}
    </View>
  );
}
