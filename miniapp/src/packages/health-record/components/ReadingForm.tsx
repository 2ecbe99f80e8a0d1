import { Input, Picker, Text, View } from '@tarojs/components';
import { GLUCOSE_CONTEXTS, MEASUREMENT_BOUNDS, type MeasurementInput, type MeasurementKind } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { InlineError } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import type { MessageKey } from '../../../i18n';
import { toApiError } from '../../../services/errors';
import { emptyReading, readingInput, type ReadingDraft } from './health-format';

/** One number to type, with the unit's bounds as the hint. */
function NumberField(props: {
  label: string;
  value: string;
  testId: string;
  digit?: boolean;
  bounds: { min: number; max: number };
  onInput: (v: string) => void;
}) {
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{props.label}</Text>
      <Input
        className="yb-input"
        type={props.digit ? 'digit' : 'number'}
        value={props.value}
        placeholder={`${props.bounds.min}–${props.bounds.max}`}
        data-testid={props.testId}
        onInput={(e) => props.onInput(e.detail.value)}
      />
    </View>
  );
}

/**
 * A reading to add (the patient's trend page and the care team's panel): the kind's values checked against the same
 * bounds as the server, when it was taken (now unless a date is chosen), a note.
 */
export function ReadingForm(props: { kind: MeasurementKind; onSubmit: (input: MeasurementInput) => Promise<void>; onCancel?: () => void }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<ReadingDraft>(emptyReading);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<ReadingDraft>) => {
    setDraft({ ...draft, ...patch });
    setError(null);
  };
  const save = async () => {
    const input = readingInput(props.kind, draft, t);
    if (typeof input === 'string') return setError(input);
    setSaving(true);
    try {
      await props.onSubmit(input);
      setDraft(emptyReading());
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <View className="yb-card yb-health-form" data-testid="reading-form" data-kind={props.kind}>
      {props.kind === 'blood_pressure' ? (
        <>
          <NumberField
            label={t('health.systolic')}
            value={draft.systolic}
            testId="reading-systolic"
            bounds={MEASUREMENT_BOUNDS.systolic}
            onInput={(v) => set({ systolic: v })}
          />
          <NumberField
            label={t('health.diastolic')}
            value={draft.diastolic}
            testId="reading-diastolic"
            bounds={MEASUREMENT_BOUNDS.diastolic}
            onInput={(v) => set({ diastolic: v })}
          />
        </>
      ) : null}
      {props.kind === 'glucose' ? (
        <>
          <NumberField
            label={t('health.glucoseValue')}
            value={draft.glucoseMmol}
            testId="reading-glucose"
            digit
            bounds={MEASUREMENT_BOUNDS.glucoseMmol}
            onInput={(v) => set({ glucoseMmol: v })}
          />
          <View className="yb-field">
            <View className="yb-choices" role="radiogroup">
              {GLUCOSE_CONTEXTS.map((c) => (
                <View
                  key={c}
                  className={`yb-choice ${draft.glucoseContext === c ? 'yb-choice--on' : ''}`}
                  role="radio"
                  aria-checked={draft.glucoseContext === c}
                  data-testid={`reading-context-${c}`}
                  onClick={() => set({ glucoseContext: c })}
                >
                  {t(`health.context.${c}` as MessageKey)}
                </View>
              ))}
            </View>
          </View>
        </>
      ) : null}
      {props.kind === 'weight' ? (
        <NumberField
          label={t('health.weightValue')}
          value={draft.weightKg}
          testId="reading-weight"
          digit
          bounds={MEASUREMENT_BOUNDS.weightKg}
          onInput={(v) => set({ weightKg: v })}
        />
      ) : null}
      <View className="yb-field">
        <Text className="yb-field__label">{t('health.measuredAt')}</Text>
        <View className="yb-date">
          <Picker mode="date" value={draft.date} end={new Date().toISOString().slice(0, 10)} onChange={(e) => set({ date: String(e.detail.value) })}>
            <View className="yb-input yb-select" data-testid="reading-date">
              <Text>{draft.date || t('health.now')}</Text>
            </View>
          </Picker>
          {draft.date ? (
            <Picker mode="time" value={draft.time || '08:00'} onChange={(e) => set({ time: String(e.detail.value) })}>
              <View className="yb-input yb-select">
                <Text>{draft.time || '08:00'}</Text>
              </View>
            </Picker>
          ) : null}
        </View>
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('health.note')}</Text>
        <Input className="yb-input" value={draft.note} maxlength={200} data-testid="reading-note" onInput={(e) => set({ note: e.detail.value })} />
      </View>
      <View className="yb-field">
        <InlineError message={error} />
        <View className="yb-health-form__actions">
          {props.onCancel ? (
            <Button size="large" fill="outline" onClick={props.onCancel}>
              {t('health.cancel')}
            </Button>
          ) : null}
          <Button type="primary" size="large" block loading={saving} disabled={saving} onClick={() => void save()} data-testid="reading-save">
            {saving ? t('health.saving') : t('health.save')}
          </Button>
        </View>
      </View>
    </View>
  );
}
