import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { DOCTOR_TITLES, type DepartmentRecord, type DoctorRecord, type DoctorTitle } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { ErrorState, InlineError, LoadingState } from '../../../components/states';
import { useI18n, type Translate } from '../../../hooks/use-i18n';
import { useQuery } from '../../../hooks/use-query';
import type { MessageKey } from '../../../i18n';
import { listDepartmentRecords, listDoctorRecords, updateDepartmentTexts, updateDoctorTexts } from '../../../services/catalog';
import { toApiError } from '../../../services/errors';
import './catalog-editor.css';

type FieldKey = 'name' | 'doctorName' | 'description' | 'location' | 'specialties' | 'bio';
const LABELS: Record<FieldKey, MessageKey> = {
  name: 'catalogEdit.field.name',
  doctorName: 'catalogEdit.field.doctorName',
  description: 'catalogEdit.field.description',
  location: 'catalogEdit.field.location',
  specialties: 'catalogEdit.field.specialties',
  bio: 'catalogEdit.field.bio',
};

const filled = (text: string) => text.trim().length > 0;
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The texts a patient would read in Chinese because their English is empty. */
function missingEnglish(record: DepartmentRecord | DoctorRecord): FieldKey[] {
  if ('code' in record) {
    const d = record;
    return (['name', 'description', 'location'] as const).filter((k) => filled(d[k]) && !filled(d[`${k}En`]));
  }
  const missing: FieldKey[] = [];
  if (!filled(record.nameEn)) missing.push('doctorName');
  if (record.specialties.length > 0 && record.specialtiesEn.length === 0) missing.push('specialties');
  if (filled(record.bio) && !filled(record.bioEn)) missing.push('bio');
  return missing;
}

function Completeness(props: { record: DepartmentRecord | DoctorRecord }) {
  const { t } = useI18n();
  const missing = missingEnglish(props.record);
  const of = 'code' in props.record ? 'department' : 'doctor';
  if (!missing.length)
    return (
      <Text className="yb-badge" data-testid="catalog-complete" data-of={of}>
        {t('catalogEdit.complete')}
      </Text>
    );
  return (
    <Text className="yb-badge yb-badge--attention" data-testid="catalog-missing" data-of={of} data-fields={missing.join(',')}>
      {t('catalogEdit.missing', { fields: missing.map((k) => t(LABELS[k])).join(t('console.listSeparator')) })}
    </Text>
  );
}

/** One text in both languages, side by side: the Chinese as written, the English beside it. */
function Bilingual(props: {
  field: FieldKey;
  zh: string;
  en: string;
  onZh: (v: string) => void;
  onEn: (v: string) => void;
  multiline?: boolean;
  hint?: string;
  maxlength: number;
}) {
  const { t } = useI18n();
  const box = (lang: 'zh' | 'en', value: string, onChange: (v: string) => void) => (
    <View className="yb-bilingual__cell">
      <Text className="yb-bilingual__lang">{t(lang === 'zh' ? 'catalogEdit.zh' : 'catalogEdit.en')}</Text>
      {props.multiline ? (
        <Textarea
          className="yb-bilingual__text"
          value={value}
          maxlength={props.maxlength}
          autoHeight
          onInput={(e) => onChange(e.detail.value)}
          data-testid={`catalog-${props.field}-${lang}`}
        />
      ) : (
        <Input
          className="yb-input"
          value={value}
          maxlength={props.maxlength}
          onInput={(e) => onChange(e.detail.value)}
          data-testid={`catalog-${props.field}-${lang}`}
        />
      )}
    </View>
  );
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{t(LABELS[props.field])}</Text>
      <View className="yb-bilingual">
        {box('zh', props.zh, props.onZh)}
        {box('en', props.en, props.onEn)}
      </View>
      {props.hint ? <Text className="yb-small">{props.hint}</Text> : null}
    </View>
  );
}

function EditorActions(props: { busy: boolean; error: string | null; onSave: () => void; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <View className="yb-field">
      <InlineError message={props.error} />
      <View className="yb-actions">
        <Button type="primary" loading={props.busy} disabled={props.busy} onClick={props.onSave} data-testid="catalog-save">
          {props.busy ? t('common.saving') : t('common.save')}
        </Button>
        <Button fill="outline" disabled={props.busy} onClick={props.onClose} data-testid="catalog-cancel">
          {t('common.cancel')}
        </Button>
      </View>
    </View>
  );
}

/** Saves through `save`, tells the admin, and hands the result up; a refusal stays in the form with its reason. */
function useSave<T>(save: () => Promise<T>, onSaved: (value: T) => void) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (check: () => string | null) => {
    const problem = check();
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      const value = await save();
      void Taro.showToast({ title: t('catalogEdit.saved'), icon: 'none' });
      onSaved(value);
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function requireChinese(t: Translate, texts: [FieldKey, string][]): string | null {
  const empty = texts.find(([, v]) => !filled(v));
  return empty ? t('catalogEdit.zhRequired', { field: t(LABELS[empty[0]]) }) : null;
}

function DepartmentForm(props: { record: DepartmentRecord; onDone: (changed: boolean) => void }) {
  const { t } = useI18n();
  const r = props.record;
  const [v, setV] = useState({
    name: r.name,
    nameEn: r.nameEn,
    description: r.description,
    descriptionEn: r.descriptionEn,
    location: r.location,
    locationEn: r.locationEn,
  });
  const set = (key: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const save = useSave(
    () => updateDepartmentTexts(r.id, v),
    () => props.onDone(true),
  );
  return (
    <View className="yb-card yb-catalog__form" data-testid="catalog-department-form">
      <Bilingual field="name" zh={v.name} en={v.nameEn} onZh={set('name')} onEn={set('nameEn')} maxlength={64} />
      <Bilingual field="location" zh={v.location} en={v.locationEn} onZh={set('location')} onEn={set('locationEn')} maxlength={128} />
      <Bilingual field="description" zh={v.description} en={v.descriptionEn} onZh={set('description')} onEn={set('descriptionEn')} multiline maxlength={2000} />
      <EditorActions
        busy={save.busy}
        error={save.error}
        onSave={() =>
          void save.run(() =>
            requireChinese(t, [
              ['name', v.name],
              ['location', v.location],
              ['description', v.description],
            ]),
          )
        }
        onClose={() => props.onDone(false)}
      />
    </View>
  );
}

function DoctorForm(props: { record: DoctorRecord; onDone: (changed: boolean) => void }) {
  const { t } = useI18n();
  const r = props.record;
  const [v, setV] = useState({
    name: r.name,
    nameEn: r.nameEn,
    title: r.title,
    specialties: r.specialties.join('\n'),
    specialtiesEn: r.specialtiesEn.join('\n'),
    bio: r.bio,
    bioEn: r.bioEn,
  });
  const set = (key: Exclude<keyof typeof v, 'title'>) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const save = useSave(
    () => updateDoctorTexts(r.id, { ...v, specialties: lines(v.specialties), specialtiesEn: lines(v.specialtiesEn) }),
    () => props.onDone(true),
  );
  return (
    <View className="yb-card yb-catalog__form" data-testid="catalog-doctor-form">
      <Bilingual field="doctorName" zh={v.name} en={v.nameEn} onZh={set('name')} onEn={set('nameEn')} maxlength={64} hint={t('catalogEdit.nameEnHint')} />
      <View className="yb-field">
        <Text className="yb-field__label">{t('catalogEdit.field.title')}</Text>
        <View className="yb-choices">
          {DOCTOR_TITLES.map((title: DoctorTitle) => (
            <View
              key={title}
              className={`yb-choice ${title === v.title ? 'yb-choice--on' : ''}`}
              onClick={() => setV((old) => ({ ...old, title }))}
              role="radio"
              aria-checked={title === v.title}
              data-value={title}
            >
              {t(`title.${title}`)}
            </View>
          ))}
        </View>
      </View>
      <Bilingual
        field="specialties"
        zh={v.specialties}
        en={v.specialtiesEn}
        onZh={set('specialties')}
        onEn={set('specialtiesEn')}
        multiline
        maxlength={600}
        hint={t('catalogEdit.onePerLine')}
      />
      <Bilingual field="bio" zh={v.bio} en={v.bioEn} onZh={set('bio')} onEn={set('bioEn')} multiline maxlength={2000} />
      <EditorActions
        busy={save.busy}
        error={save.error}
        onSave={() =>
          void save.run(() =>
            requireChinese(t, [
              ['doctorName', v.name],
              ['bio', v.bio],
            ]),
          )
        }
        onClose={() => props.onDone(false)}
      />
    </View>
  );
}

type Editing = { kind: 'department' | 'doctor'; id: string } | null;

/**
 * The admin's view of 科室与医生: every department and doctor with its texts in both languages, what still has no
 * English (patients reading English see the Chinese there, marked), and an editor for each.
 */
export function CatalogEditor() {
  const { t } = useI18n();
  const data = useQuery(() => Promise.all([listDepartmentRecords(), listDoctorRecords()]), []);
  const [editing, setEditing] = useState<Editing>(null);
  const { reload } = data;
  const done = (changed: boolean) => {
    setEditing(null);
    if (changed) void reload();
  };
  const isEditing = (kind: 'department' | 'doctor', id: string) => editing?.kind === kind && editing.id === id;

  if (data.loading && !data.data) return <LoadingState />;
  if (data.error && !data.data) return <ErrorState error={data.error} onRetry={() => void reload()} />;
  if (!data.data) return null;
  const [departments, doctors] = data.data;
  return (
    <View data-testid="catalog-editor">
      <Text className="yb-muted">{t('catalogEdit.intro')}</Text>
      {departments.map((dept) => (
        <View key={dept.id} className="yb-section yb-catalog" data-testid="catalog-department" data-code={dept.code}>
          <View className="yb-catalog__head">
            <View className="yb-catalog__names">
              <Text className="yb-h2">
                {dept.name}
                {dept.nameEn ? <Text className="yb-catalog__en"> · {dept.nameEn}</Text> : null}
              </Text>
              <Text className="yb-small">
                {dept.location}
                {dept.locationEn ? ` · ${dept.locationEn}` : ''}
              </Text>
            </View>
            {dept.active ? null : <Text className="yb-badge yb-badge--muted">{t('catalogEdit.inactive')}</Text>}
            <Completeness record={dept} />
            <Text
              className="yb-textbutton"
              onClick={() => setEditing(isEditing('department', dept.id) ? null : { kind: 'department', id: dept.id })}
              data-testid="catalog-edit-department"
            >
              {isEditing('department', dept.id) ? t('catalogEdit.close') : t('catalogEdit.edit')}
            </Text>
          </View>
          {isEditing('department', dept.id) ? <DepartmentForm record={dept} onDone={done} /> : null}
          <View className="yb-card">
            {doctors
              .filter((d) => d.departmentId === dept.id)
              .map((doctor) => (
                <View key={doctor.id} className="yb-catalog__doctor" data-testid="catalog-doctor" data-doctor-id={doctor.id}>
                  <View className="yb-catalog__head">
                    <View className="yb-catalog__names">
                      <Text className="yb-body">
                        {doctor.name}
                        {doctor.nameEn ? <Text className="yb-catalog__en"> · {doctor.nameEn}</Text> : null} ·{' '}
                        <Text className="yb-small">{t(`title.${doctor.title}`)}</Text>
                      </Text>
                    </View>
                    {doctor.active ? null : <Text className="yb-badge yb-badge--muted">{t('catalogEdit.inactive')}</Text>}
                    <Completeness record={doctor} />
                    <Text
                      className="yb-textbutton"
                      onClick={() => setEditing(isEditing('doctor', doctor.id) ? null : { kind: 'doctor', id: doctor.id })}
                      data-testid="catalog-edit-doctor"
                    >
                      {isEditing('doctor', doctor.id) ? t('catalogEdit.close') : t('catalogEdit.edit')}
                    </Text>
                  </View>
                  {isEditing('doctor', doctor.id) ? <DoctorForm record={doctor} onDone={done} /> : null}
                </View>
              ))}
          </View>
        </View>
      ))}
    </View>
  );
}
