import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CLUB_EVENT_KINDS, checkClubEvent, MEMBER_TIERS, type ClubEventProblem, type StaffClubEventView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { InlineError } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import type { MessageKey } from '../../../i18n';
import { createClubEvent, updateClubEvent } from '../../../services/club';
import { ApiRequestError, toApiError } from '../../../services/errors';
import { blankClubEventForm, clubEventInput, formFromEvent, problemsByField, tierNames, type ClubEventForm, type PriceMode } from '../../../utils/club';

const PRICES: PriceMode[] = ['free', 'fee', 'points'];

function Problems(props: { problems?: ClubEventProblem[]; extra?: string | null }) {
  const { t } = useI18n();
  return (
    <>
      {(props.problems ?? []).map((p, i) => (
        <Text key={i} className="yb-template-problem" data-testid="club-problem" data-field={p.field} data-code={p.code}>
          {t(`clubAdmin.problem.${p.code}` as MessageKey)}
        </Text>
      ))}
      {props.extra ? (
        <Text className="yb-template-problem" data-testid="club-problem">
          {props.extra}
        </Text>
      ) : null}
    </>
  );
}

function Field(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  placeholder?: string;
  number?: boolean;
  problems?: ClubEventProblem[];
  extra?: string | null;
}) {
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{props.label}</Text>
      <Input
        className="yb-input"
        type={props.number ? 'digit' : 'text'}
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => props.onChange(e.detail.value)}
        data-testid={props.testId}
      />
      <Problems problems={props.problems} extra={props.extra} />
    </View>
  );
}

/**
 * An event's form: the shared `checkClubEvent` runs before saving (problems beside their fields), and the server's
 * EVENT_INVALID problems land in the same places. A new event is saved as a draft.
 */
export function ClubEventEditor(props: { event: StaffClubEventView | null; onSaved: (e: StaffClubEventView) => void; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [form, setForm] = useState<ClubEventForm>(props.event ? formFromEvent(props.event) : blankClubEventForm());
  const [problems, setProblems] = useState<ClubEventProblem[]>([]);
  const [feeInvalid, setFeeInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<ClubEventForm>) => setForm({ ...form, ...patch });
  const by = problemsByField(problems);
  const timeHint = t('clubAdmin.timeFormat');

  const save = async () => {
    setError(null);
    const { input, feeInvalid: badFee } = clubEventInput(form);
    const found = checkClubEvent(input);
    setProblems(found);
    setFeeInvalid(badFee);
    if (found.length || badFee) {
      setError(t('clubAdmin.fixFirst', { n: found.length + (badFee ? 1 : 0) }));
      return;
    }
    setBusy(true);
    try {
      const saved = props.event ? await updateClubEvent(props.event.id, input) : await createClubEvent(input);
      void Taro.showToast({ title: t('clubAdmin.saved'), icon: 'none' });
      props.onSaved(saved);
    } catch (e) {
      const err = toApiError(e, locale);
      if (err instanceof ApiRequestError && err.code === 'EVENT_INVALID' && Array.isArray(err.details?.problems))
        setProblems(err.details.problems as ClubEventProblem[]);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="yb-campaign-panel" data-testid="club-editor">
      <Field label={t('clubAdmin.field.title')} value={form.title} onChange={(title) => set({ title })} testId="club-title" problems={by.get('title')} />
      <Field label={t('clubAdmin.field.titleEn')} value={form.titleEn} onChange={(titleEn) => set({ titleEn })} testId="club-title-en" />
      <View className="yb-field">
        <Text className="yb-field__label">{t('clubAdmin.field.kind')}</Text>
        <View className="yb-choices">
          {CLUB_EVENT_KINDS.map((k) => (
            <Text key={k} className={`yb-choice ${form.kind === k ? 'yb-choice--on' : ''}`} onClick={() => set({ kind: k })} data-testid={`club-kind-${k}`}>
              {t(`club.kind.${k}` as MessageKey)}
            </Text>
          ))}
        </View>
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('clubAdmin.field.description')}</Text>
        <Textarea
          className="yb-input"
          value={form.description}
          maxlength={2000}
          onInput={(e) => set({ description: e.detail.value })}
          data-testid="club-description"
        />
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('clubAdmin.field.descriptionEn')}</Text>
        <Textarea
          className="yb-input"
          value={form.descriptionEn}
          maxlength={4000}
          onInput={(e) => set({ descriptionEn: e.detail.value })}
          data-testid="club-description-en"
        />
      </View>
      <Field
        label={t('clubAdmin.field.startsAt')}
        value={form.startsAt}
        onChange={(startsAt) => set({ startsAt })}
        placeholder={timeHint}
        testId="club-starts"
        problems={by.get('startsAt')}
      />
      <Field
        label={t('clubAdmin.field.endsAt')}
        value={form.endsAt}
        onChange={(endsAt) => set({ endsAt })}
        placeholder={timeHint}
        testId="club-ends"
        problems={by.get('endsAt')}
      />
      <View className="yb-field">
        <View className="yb-choices">
          <Text className={`yb-choice ${!form.online ? 'yb-choice--on' : ''}`} onClick={() => set({ online: false })} data-testid="club-at-venue">
            {t('clubAdmin.field.venue')}
          </Text>
          <Text className={`yb-choice ${form.online ? 'yb-choice--on' : ''}`} onClick={() => set({ online: true })} data-testid="club-online">
            {t('clubAdmin.field.online')}
          </Text>
        </View>
      </View>
      {!form.online ? (
        <>
          <Field label={t('clubAdmin.field.venue')} value={form.venue} onChange={(venue) => set({ venue })} testId="club-venue" problems={by.get('venue')} />
          <Field label={t('clubAdmin.field.venueEn')} value={form.venueEn} onChange={(venueEn) => set({ venueEn })} testId="club-venue-en" />
        </>
      ) : null}
      <Field
        label={t('clubAdmin.field.capacity')}
        value={form.capacity}
        onChange={(capacity) => set({ capacity })}
        testId="club-capacity"
        number
        problems={by.get('capacity')}
      />
      <View className="yb-field">
        <Text className="yb-field__label">{t('clubAdmin.field.eligibleTiers')}</Text>
        <View className="yb-choices">
          {MEMBER_TIERS.map((tier) => {
            const on = form.eligibleTiers.includes(tier);
            return (
              <View
                key={tier}
                className={`yb-choice ${on ? 'yb-choice--on' : ''}`}
                role="checkbox"
                aria-checked={on}
                onClick={() => set({ eligibleTiers: on ? form.eligibleTiers.filter((x) => x !== tier) : [...form.eligibleTiers, tier] })}
                data-testid={`club-tier-${tier}`}
                data-on={on ? 'yes' : 'no'}
              >
                <Text>{`${on ? '☑' : '☐'} ${tierNames([tier], locale)}`}</Text>
              </View>
            );
          })}
        </View>
        <Problems problems={by.get('eligibleTiers')} />
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('clubAdmin.field.price')}</Text>
        <View className="yb-choices">
          {PRICES.map((p) => (
            <Text key={p} className={`yb-choice ${form.price === p ? 'yb-choice--on' : ''}`} onClick={() => set({ price: p })} data-testid={`club-price-${p}`}>
              {t(`clubAdmin.price${p[0]!.toUpperCase()}${p.slice(1)}` as MessageKey)}
            </Text>
          ))}
        </View>
      </View>
      {form.price === 'fee' ? (
        <Field
          label={t('clubAdmin.field.fee')}
          value={form.feeYuan}
          onChange={(feeYuan) => set({ feeYuan })}
          testId="club-fee"
          number
          problems={by.get('fee')}
          extra={feeInvalid ? t('clubAdmin.feeInvalid') : null}
        />
      ) : null}
      {form.price === 'points' ? (
        <Field
          label={t('clubAdmin.field.pointsCost')}
          value={form.pointsCost}
          onChange={(pointsCost) => set({ pointsCost })}
          testId="club-points"
          number
          problems={by.get('pointsCost')}
        />
      ) : (
        <Problems problems={by.get('pointsCost')} />
      )}
      <Field
        label={t('clubAdmin.field.registrationOpensAt')}
        value={form.registrationOpensAt}
        onChange={(registrationOpensAt) => set({ registrationOpensAt })}
        placeholder={timeHint}
        testId="club-opens"
        problems={by.get('registrationOpensAt')}
      />
      <Field
        label={t('clubAdmin.field.registrationClosesAt')}
        value={form.registrationClosesAt}
        onChange={(registrationClosesAt) => set({ registrationClosesAt })}
        placeholder={timeHint}
        testId="club-closes"
        problems={by.get('registrationClosesAt')}
      />
      <InlineError message={error} />
      <View className="yb-campaign-actions">
        <Button type="primary" loading={busy} disabled={busy} onClick={() => void save()} data-testid="club-save">
          {busy ? t('clubAdmin.saving') : t('clubAdmin.save')}
        </Button>
        <Button disabled={busy} onClick={props.onClose}>
          {t('clubAdmin.close')}
        </Button>
      </View>
    </View>
  );
}
