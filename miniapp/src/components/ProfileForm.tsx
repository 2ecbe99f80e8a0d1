import { Input, Picker, Text, View } from '@tarojs/components';
import { GENDERS, ID_DOCUMENT_TYPES, isValidIdDocument, LOCALES, PAYMENT_PREFERENCES, RELATIONSHIPS, type IdDocumentType } from '@yiban/shared';
import { useState } from 'react';
import { useI18n } from '../hooks/use-i18n';
import { formatFullDate } from '../utils/clinic-time';
import { COMMON_NATIONALITIES, moreNationalities, nationalityMode, nationalityName } from '../utils/nationalities';
import { factsFromResidentId, withIdNumber, withIdType, type ProfileDraft } from '../utils/profile-draft';
import { InlineError } from './states';

export { draftFrom, validateDraft, type ProfileDraft } from '../utils/profile-draft';

function Choices<T extends string>(props: {
  value: T;
  options: readonly T[];
  label: (v: T) => string;
  onChange: (v: T) => void;
  testId?: string;
  column?: boolean;
}) {
  return (
    <View className={`yb-choices ${props.column ? 'yb-choices--column' : ''}`} data-testid={props.testId} role="radiogroup">
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

/**
 * A passport's nationality: one tap for the common ones, the native picker for the longer list, and the passport's
 * three-letter code typed for anything else. Stores ISO alpha-3.
 */
function NationalityField(props: { value: string; onChange: (code: string) => void }) {
  const { t, locale } = useI18n();
  const [mode, setMode] = useState(() => nationalityMode(props.value));
  const more = moreNationalities(locale);
  const listIndex = more.findIndex((n) => n.code === props.value);
  const range = [...more.map((n) => n.name), t('nationality.notListed')];

  return (
    <View className="yb-field" data-testid="field-nationality">
      <Text className="yb-field__label">{t('nationality.label')}</Text>
      <View className="yb-choices" role="radiogroup">
        {COMMON_NATIONALITIES.map((code) => {
          const on = mode === 'common' && props.value === code;
          return (
            <View
              key={code}
              className={`yb-choice ${on ? 'yb-choice--on' : ''}`}
              onClick={() => {
                setMode('common');
                props.onChange(code);
              }}
              data-value={code}
              aria-checked={on}
              role="radio"
            >
              {nationalityName(code, locale)}
            </View>
          );
        })}
        <View
          className={`yb-choice ${mode !== 'common' ? 'yb-choice--on' : ''}`}
          onClick={() => {
            if (mode === 'common') {
              setMode('list');
              props.onChange('');
            }
          }}
          data-value="other"
          aria-checked={mode !== 'common'}
          role="radio"
        >
          {t('nationality.other')}
        </View>
      </View>
      {mode === 'list' ? (
        <Picker
          mode="selector"
          range={range}
          value={listIndex >= 0 ? listIndex : 0}
          textProps={{ okText: t('common.confirm'), cancelText: t('common.cancel') }}
          onChange={(e) => {
            const index = Number(e.detail.value);
            if (index >= more.length) {
              setMode('code');
              props.onChange('');
            } else props.onChange(more[index]!.code);
          }}
        >
          <View className="yb-input yb-select" data-testid="field-nationality-list">
            <Text>{listIndex >= 0 ? more[listIndex]!.name : t('nationality.choose')}</Text>
            <Text className="yb-row__arrow">›</Text>
          </View>
        </Picker>
      ) : null}
      {mode === 'code' ? (
        <View className="yb-section">
          <Text className="yb-field__label">{t('nationality.code')}</Text>
          <Input
            className="yb-input"
            value={props.value}
            maxlength={3}
            placeholder={t('nationality.codePlaceholder')}
            onInput={(e) => props.onChange(e.detail.value.trim().toUpperCase())}
            data-testid="field-nationality-code"
          />
          <Text className="yb-small">{t('nationality.codeHint')}</Text>
        </View>
      ) : null}
    </View>
  );
}

/**
 * The fields of a patient profile, large and one per row: the real name and identity document (实名) with why the
 * hospital asks, the birth date and sex (taken from a resident ID card when there is one), the preferences. `family`
 * adds the relationship and the relative's own phone.
 */
export function ProfileForm(props: { draft: ProfileDraft; onChange: (draft: ProfileDraft) => void; family: boolean; error: string | null }) {
  const { t, locale } = useI18n();
  const { draft } = props;
  const set = (patch: Partial<ProfileDraft>) => props.onChange({ ...draft, ...patch });
  const typed = draft.idNumber.trim();
  const filledFromTyped = draft.idType === 'resident_id' && !!typed && isValidIdDocument('resident_id', typed);
  // Shown rather than asked when the ID card fixes them (the server would refuse others); asked if somehow unknown.
  const fixedFacts = factsFromResidentId(draft) && !!draft.year && !!draft.month && !!draft.day;
  const onFile = draft.idOnFile && draft.idOnFile.type === draft.idType ? draft.idOnFile : null;

  return (
    <View className="yb-card">
      <View className="yb-field yb-realname-why">
        <Text className="yb-muted" data-testid="real-name-why">
          {t('realName.why')}
        </Text>
      </View>
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
      <View className="yb-field">
        <Text className="yb-field__label">
          {t('idType.label')} <Text className="yb-small">{t('realName.neededToBook')}</Text>
        </Text>
        <Choices<IdDocumentType>
          value={draft.idType}
          options={ID_DOCUMENT_TYPES}
          label={(type) => t(`idType.${type}`)}
          onChange={(idType) => props.onChange(withIdType(draft, idType))}
          testId="field-id-type"
          column
        />
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('idNumber.label')}</Text>
        {onFile ? (
          <Text className="yb-body" data-testid="id-on-file">
            {t('idNumber.onFile', { number: onFile.masked })}
          </Text>
        ) : null}
        <Input
          // The ID-card keyboard (digits and X) only for resident IDs: the others have letters.
          key={draft.idType}
          className="yb-input"
          type={draft.idType === 'resident_id' ? 'idcard' : 'text'}
          value={draft.idNumber}
          maxlength={draft.idType === 'resident_id' ? 18 : 20}
          placeholder={onFile ? t('idNumber.replacePlaceholder') : t(`idNumber.placeholder.${draft.idType}`)}
          onInput={(e) => props.onChange(withIdNumber(draft, e.detail.value))}
          data-testid="field-id-number"
        />
        {filledFromTyped ? <Text className="yb-small">{t('idNumber.fills')}</Text> : null}
      </View>
      {draft.idType === 'passport' ? <NationalityField value={draft.nationality} onChange={(nationality) => set({ nationality })} /> : null}
      {fixedFacts ? (
        <View className="yb-field" data-testid="field-fixed-facts">
          <Text className="yb-field__label">
            {t('profile.gender')} · {t('profile.birthDate')}
          </Text>
          <Text className="yb-body">
            {t(`gender.${draft.gender}`)} · {formatFullDate(`${draft.year}-${draft.month.padStart(2, '0')}-${draft.day.padStart(2, '0')}`, locale)}
          </Text>
          <Text className="yb-small">{t('idNumber.fixedFacts')}</Text>
        </View>
      ) : (
        <>
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
                placeholder={t('birth.yearPrompt')}
                onInput={(e) => set({ year: e.detail.value })}
                data-testid="field-year"
              />
              <Text className="yb-date__unit">{t('profile.year')}</Text>
              <Input
                className="yb-input"
                type="number"
                maxlength={2}
                value={draft.month}
                placeholder={t('birth.monthPrompt')}
                onInput={(e) => set({ month: e.detail.value })}
                data-testid="field-month"
              />
              <Text className="yb-date__unit">{t('profile.month')}</Text>
              <Input
                className="yb-input"
                type="number"
                maxlength={2}
                value={draft.day}
                placeholder={t('birth.dayPrompt')}
                onInput={(e) => set({ day: e.detail.value })}
                data-testid="field-day"
              />
              <Text className="yb-date__unit">{t('profile.day')}</Text>
            </View>
          </View>
        </>
      )}
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
