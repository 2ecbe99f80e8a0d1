import { Input, Picker, Text, View } from '@tarojs/components';
import { ALLERGY_CATEGORIES, ALLERGY_SEVERITIES, type HealthEntryInput, type HealthEntryKind, type HealthEntryView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { InlineError } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import type { MessageKey } from '../../../i18n';
import { toApiError } from '../../../services/errors';

type Draft = Required<Pick<HealthEntryInput, 'name' | 'reaction' | 'icd10' | 'dose' | 'frequency' | 'since' | 'until' | 'note'>> &
  Pick<HealthEntryInput, 'category' | 'severity'> & { active: boolean };

const draftOf = (e: HealthEntryView | null): Draft => ({
  name: e?.name ?? '',
  category: e?.category ?? undefined,
  reaction: e?.reaction ?? '',
  severity: e?.severity ?? undefined,
  icd10: e?.icd10 ?? '',
  dose: e?.dose ?? '',
  frequency: e?.frequency ?? '',
  since: e?.since ?? '',
  until: e?.until ?? '',
  note: e?.note ?? '',
  active: e?.active ?? true,
});

/** The request: the kind's fields only, empty text left out. */
function inputOf(kind: HealthEntryKind, d: Draft): HealthEntryInput {
  const text = (v: string) => (v.trim() ? v.trim() : undefined);
  const base = { kind, name: d.name.trim(), note: text(d.note) };
  if (kind === 'allergy') return { ...base, category: d.category, reaction: text(d.reaction), severity: d.severity };
  if (kind === 'condition') return { ...base, icd10: text(d.icd10)?.toUpperCase(), since: text(d.since), active: d.active };
  return { ...base, dose: text(d.dose), frequency: text(d.frequency), since: text(d.since), until: text(d.until), active: d.active };
}

function Choices<T extends string>(props: {
  values: readonly T[];
  value: T | undefined;
  label: (v: T) => string;
  testId: string;
  onChange: (v: T | undefined) => void;
}) {
  return (
    <View className="yb-choices" role="radiogroup" data-testid={props.testId}>
      {props.values.map((v) => (
        <View
          key={v}
          className={`yb-choice ${props.value === v ? 'yb-choice--on' : ''}`}
          role="radio"
          aria-checked={props.value === v}
          data-testid={`${props.testId}-${v}`}
          onClick={() => props.onChange(props.value === v ? undefined : v)}
        >
          {props.label(v)}
        </View>
      ))}
    </View>
  );
}

function TextField(props: { label: string; value: string; testId: string; placeholder?: string; max: number; onInput: (v: string) => void }) {
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{props.label}</Text>
      <Input
        className="yb-input"
        value={props.value}
        placeholder={props.placeholder}
        maxlength={props.max}
        data-testid={props.testId}
        onInput={(e) => props.onInput(e.detail.value)}
      />
    </View>
  );
}

function DateField(props: { label: string; value: string; testId: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{props.label}</Text>
      <View className="yb-date">
        <Picker mode="date" value={props.value} end={new Date().toISOString().slice(0, 10)} onChange={(e) => props.onChange(String(e.detail.value))}>
          <View className="yb-input yb-select" data-testid={props.testId}>
            <Text>{props.value || t('health.choose')}</Text>
          </View>
        </Picker>
        {props.value ? (
          <Text className="yb-link" onClick={() => props.onChange('')}>
            {t('health.clear')}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

/**
 * An allergy, a condition or a medicine, added or edited (the patient's entry page and the care team's panel): the
 * kind's own fields only, the name required; `onRemove` offers deleting an existing one.
 */
export function EntryForm(props: {
  kind: HealthEntryKind;
  initial?: HealthEntryView | null;
  onSubmit: (input: HealthEntryInput) => Promise<void>;
  onRemove?: () => Promise<void>;
  onCancel?: () => void;
}) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.initial ?? null));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setError(null);
  };
  const run = async (work: () => Promise<void>) => {
    setSaving(true);
    try {
      await work();
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSaving(false);
    }
  };
  const save = () => {
    const nameLabel = t(`health.name.${props.kind}` as MessageKey);
    if (!draft.name.trim()) return setError(t('health.required', { field: nameLabel }));
    void run(() => props.onSubmit(inputOf(props.kind, draft)));
  };
  const { kind } = props;
  return (
    <View className="yb-card yb-health-form" data-testid="entry-form" data-kind={kind}>
      <TextField
        label={t(`health.name.${kind}` as MessageKey)}
        value={draft.name}
        placeholder={t(`health.placeholder.${kind}` as MessageKey)}
        max={100}
        testId="entry-name"
        onInput={(v) => set({ name: v })}
      />
      {kind === 'allergy' ? (
        <>
          <View className="yb-field">
            <Text className="yb-field__label">{t('health.category')}</Text>
            <Choices
              values={ALLERGY_CATEGORIES}
              value={draft.category}
              label={(v) => t(`health.category.${v}` as MessageKey)}
              testId="entry-category"
              onChange={(v) => set({ category: v })}
            />
          </View>
          <View className="yb-field">
            <Text className="yb-field__label">{t('health.severity')}</Text>
            <Choices
              values={ALLERGY_SEVERITIES}
              value={draft.severity}
              label={(v) => t(`health.severity.${v}` as MessageKey)}
              testId="entry-severity"
              onChange={(v) => set({ severity: v })}
            />
          </View>
          <TextField
            label={t('health.reaction')}
            value={draft.reaction}
            placeholder={t('health.reactionPlaceholder')}
            max={200}
            testId="entry-reaction"
            onInput={(v) => set({ reaction: v })}
          />
        </>
      ) : null}
      {kind === 'condition' ? (
        <TextField label={t('health.icd10')} value={draft.icd10} placeholder="I10" max={16} testId="entry-icd10" onInput={(v) => set({ icd10: v })} />
      ) : null}
      {kind === 'medication' ? (
        <>
          <TextField
            label={t('health.dose')}
            value={draft.dose}
            placeholder={t('health.dosePlaceholder')}
            max={60}
            testId="entry-dose"
            onInput={(v) => set({ dose: v })}
          />
          <TextField
            label={t('health.frequency')}
            value={draft.frequency}
            placeholder={t('health.frequencyPlaceholder')}
            max={60}
            testId="entry-frequency"
            onInput={(v) => set({ frequency: v })}
          />
        </>
      ) : null}
      {kind !== 'allergy' ? <DateField label={t('health.since')} value={draft.since} testId="entry-since" onChange={(v) => set({ since: v })} /> : null}
      {kind === 'medication' && !draft.active ? (
        <DateField label={t('health.until')} value={draft.until} testId="entry-until" onChange={(v) => set({ until: v })} />
      ) : null}
      {kind !== 'allergy' ? (
        <View className="yb-field">
          <View
            className={`yb-choice ${draft.active ? 'yb-choice--on' : ''}`}
            role="checkbox"
            aria-checked={draft.active}
            data-testid="entry-active"
            onClick={() => set({ active: !draft.active, until: draft.active ? draft.until : '' })}
          >
            {t(kind === 'condition' ? 'health.active.condition' : 'health.active.medication')}
          </View>
        </View>
      ) : null}
      <TextField label={t('health.note')} value={draft.note} max={500} testId="entry-note" onInput={(v) => set({ note: v })} />
      <View className="yb-field">
        <InlineError message={error} />
        <View className="yb-health-form__actions">
          {props.onCancel ? (
            <Button size="large" fill="outline" onClick={props.onCancel}>
              {t('health.cancel')}
            </Button>
          ) : null}
          <Button type="primary" size="large" block loading={saving} disabled={saving} onClick={save} data-testid="entry-save">
            {saving ? t('health.saving') : t('health.save')}
          </Button>
        </View>
        {props.onRemove ? (
          <Button
            size="large"
            block
            fill="none"
            className="yb-health-form__remove"
            disabled={saving}
            onClick={() => void run(props.onRemove!)}
            data-testid="entry-remove"
          >
            {t('health.remove')}
          </Button>
        ) : null}
      </View>
    </View>
  );
}
