import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { visibleItems, type AnswerValue, type QuestionItem, type QuestionItemView, type SurveyInvitationView, type SurveyResponseResult } from '@yiban/shared';
import { useMemo, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { toApiError } from '../../../../services/errors';
import { SURVEY_LIST_PAGE, answerInvitation, getInvitation } from '../../../../services/surveys';
import { formatDate, hospitalDate } from '../../../../utils/clinic-time';
import '../../surveys.css';

type Answers = ReadonlyMap<string, AnswerValue>;

/** The conditions of shown items are the shared engine's: the page shows exactly what the server will accept. */
function shownIds(items: QuestionItemView[], answers: Answers): Set<string> {
  return visibleItems({ title: '', items: items as unknown as QuestionItem[] }, answers);
}

function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'string') return value.trim().length > 0;
  return true;
}

/** A row of numbered choices (Likert 1–5 / 1–7, NPS 0–10) with the ends named. */
function Scale(props: { from: number; to: number; value: number | undefined; low: string; high: string; onPick: (n: number) => void; testId: string }) {
  const points = Array.from({ length: props.to - props.from + 1 }, (_, i) => props.from + i);
  return (
    <View className="yb-survey-scale" data-testid={props.testId}>
      <View className={`yb-choices yb-survey-scale__points ${points.length > 7 ? 'yb-survey-scale__points--wide' : ''}`}>
        {points.map((n) => (
          <View
            key={n}
            className={`yb-choice yb-survey-point ${props.value === n ? 'yb-choice--on' : ''}`}
            onClick={() => props.onPick(n)}
            data-testid={`${props.testId}-${n}`}
            aria-checked={props.value === n}
            role="radio"
          >
            <Text>{n}</Text>
          </View>
        ))}
      </View>
      <View className="yb-survey-scale__ends">
        <Text className="yb-small">{props.low}</Text>
        <Text className="yb-small">{props.high}</Text>
      </View>
    </View>
  );
}

function Question(props: {
  item: QuestionItemView;
  index: number;
  value: AnswerValue | undefined;
  missing: boolean;
  onChange: (v: AnswerValue | undefined) => void;
}) {
  const { t } = useI18n();
  const { item, value, onChange } = props;
  const testId = `survey-item-${item.id}`;
  const [numberText, setNumberText] = useState(typeof value === 'number' ? String(value) : '');
  let input: JSX.Element;
  switch (item.kind) {
    case 'likert':
      input = (
        <Scale
          from={1}
          to={item.scale ?? 5}
          value={typeof value === 'number' ? value : undefined}
          low={t('surveys.disagree')}
          high={t('surveys.agree')}
          onPick={onChange}
          testId={`${testId}-scale`}
        />
      );
      break;
    case 'nps':
      input = (
        <Scale
          from={0}
          to={10}
          value={typeof value === 'number' ? value : undefined}
          low={t('surveys.npsLow')}
          high={t('surveys.npsHigh')}
          onPick={onChange}
          testId={`${testId}-scale`}
        />
      );
      break;
    case 'single':
    case 'multiple': {
      const chosen = new Set(Array.isArray(value) ? value : typeof value === 'string' ? [value] : []);
      const pick = (v: string) => {
        if (item.kind === 'single') return onChange(v);
        const next = new Set(chosen);
        if (next.has(v)) next.delete(v);
        else next.add(v);
        onChange(next.size ? [...next] : undefined);
      };
      input = (
        <View className="yb-choices yb-choices--column" role={item.kind === 'single' ? 'radiogroup' : 'group'}>
          {item.kind === 'multiple' ? <Text className="yb-small">{t('surveys.chooseAll')}</Text> : null}
          {(item.options ?? []).map((o) => (
            <View
              key={o.value}
              className={`yb-choice ${chosen.has(o.value) ? 'yb-choice--on' : ''}`}
              onClick={() => pick(o.value)}
              data-testid={`${testId}-option-${o.value}`}
              aria-checked={chosen.has(o.value)}
              role={item.kind === 'single' ? 'radio' : 'checkbox'}
            >
              <Text>{o.label}</Text>
            </View>
          ))}
        </View>
      );
      break;
    }
    case 'number': {
      const range = item.min !== undefined && item.max !== undefined ? t('surveys.numberRange', { min: item.min, max: item.max }) : null;
      input = (
        <View className="yb-survey-number">
          <Input
            className="yb-input"
            type="digit"
            value={numberText}
            placeholder={t('surveys.numberPlaceholder')}
            onInput={(e) => {
              const text = e.detail.value.trim();
              setNumberText(text);
              const n = Number(text);
              onChange(text && Number.isFinite(n) ? n : undefined);
            }}
            data-testid={`${testId}-number`}
          />
          {item.unit ? <Text className="yb-survey-number__unit">{item.unit}</Text> : null}
          {range ? <Text className="yb-small yb-survey-number__range">{range}</Text> : null}
        </View>
      );
      break;
    }
    case 'text':
      input = (
        <Textarea
          className="yb-input yb-survey-text"
          value={typeof value === 'string' ? value : ''}
          maxlength={1000}
          placeholder={t('surveys.textPlaceholder')}
          onInput={(e) => onChange(e.detail.value ? e.detail.value : undefined)}
          data-testid={`${testId}-text`}
        />
      );
      break;
  }
  return (
    <View className={`yb-survey-item ${props.missing ? 'yb-survey-item--missing' : ''}`} data-testid={testId} data-kind={item.kind} id={`q-${item.id}`}>
      <View className="yb-survey-item__head">
        <Text className="yb-survey-item__number">{props.index}.</Text>
        <View className="yb-survey-item__text">
          {item.pairRole ? (
            <Text className={`yb-survey-tag yb-survey-tag--${item.pairRole}`}>
              {t(item.pairRole === 'expectation' ? 'surveys.expectation' : 'surveys.perception')}
            </Text>
          ) : null}
          <Text>{item.text}</Text>
          {item.required ? <Text className="yb-survey-required">{t('surveys.required')}</Text> : null}
        </View>
      </View>
      {input}
    </View>
  );
}

function Done(props: { result: SurveyResponseResult }) {
  const { t } = useI18n();
  return (
    <View data-testid="survey-done" data-service-issue={props.result.serviceIssueId ? 'yes' : 'no'} data-red-flag={props.result.redFlag ? 'yes' : 'no'}>
      <EmptyState
        icon="check"
        title={t('surveys.thanks')}
        hint={props.result.redFlag ? t('followups.redFlag') : props.result.serviceIssueId ? t('surveys.followUp') : t('surveys.thanksHint')}
        action={
          <Button type="primary" size="large" onClick={() => void Taro.redirectTo({ url: SURVEY_LIST_PAGE })}>
            {t('surveys.backToList')}
          </Button>
        }
      />
    </View>
  );
}

function Form(props: { invitation: SurveyInvitationView }) {
  const { t, locale } = useI18n();
  const { invitation } = props;
  const items = invitation.template.items;
  const [answers, setAnswers] = useState<Answers>(new Map());
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<SurveyResponseResult | null>(null);
  const shown = useMemo(() => shownIds(items, answers), [items, answers]);
  const visible = items.filter((i) => shown.has(i.id));
  const done = visible.filter((i) => isAnswered(answers.get(i.id))).length;

  if (result) return <Done result={result} />;

  const set = (itemId: string, value: AnswerValue | undefined) => {
    const next = new Map(answers);
    if (value === undefined) next.delete(itemId);
    else next.set(itemId, value);
    setAnswers(next);
    if (missing.has(itemId) && value !== undefined) setMissing(new Set([...missing].filter((m) => m !== itemId)));
  };

  const submit = async () => {
    const unanswered = visible.filter((i) => i.required && !isAnswered(answers.get(i.id))).map((i) => i.id);
    if (unanswered.length) {
      setMissing(new Set(unanswered));
      setError(t('surveys.missing', { count: unanswered.length }));
      void Taro.pageScrollTo({ selector: `#q-${unanswered[0]}`, duration: 200 });
      return;
    }
    setSending(true);
    setError(null);
    try {
      const sent = [...answers].filter(([itemId, v]) => shown.has(itemId) && isAnswered(v)).map(([itemId, value]) => ({ itemId, value }));
      setResult(await answerInvitation(invitation.id, sent));
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <View data-testid="survey-form" data-invitation={invitation.id}>
      <View className="yb-survey-head">
        <Text className="yb-title">{invitation.template.title}</Text>
        {invitation.template.intro ? <Text className="yb-muted">{invitation.template.intro}</Text> : null}
        <Text className="yb-small">{t('surveys.dueBy', { date: formatDate(hospitalDate(invitation.expiresAt), locale) })}</Text>
      </View>
      {visible.map((item, i) => (
        <Question key={item.id} item={item} index={i + 1} value={answers.get(item.id)} missing={missing.has(item.id)} onChange={(v) => set(item.id, v)} />
      ))}
      <View className="yb-survey-footer">
        <Text className="yb-small" data-testid="survey-progress">
          {t('surveys.progress', { done, total: visible.length })}
        </Text>
        <InlineError message={error} />
        <Button type="primary" size="large" block loading={sending} disabled={sending} onClick={() => void submit()} data-testid="survey-submit">
          {sending ? t('surveys.submitting') : t('surveys.submit')}
        </Button>
      </View>
    </View>
  );
}

function Answer() {
  const { t, locale } = useI18n();
  const id = useRouter().params.id ?? '';
  const invitation = useQuery(() => getInvitation(id), [id, locale]);
  if (invitation.loading && !invitation.data) return <LoadingState />;
  if (invitation.error) return <ErrorState error={invitation.error} title={t('surveys.loadError')} onRetry={() => void invitation.reload()} />;
  const inv = invitation.data;
  if (!inv) return null;
  if (inv.status !== 'pending')
    return (
      <View data-testid="survey-closed" data-status={inv.status}>
        <EmptyState
          icon={inv.status === 'answered' ? 'check' : 'clock'}
          title={t(inv.status === 'answered' ? 'surveys.answered' : 'surveys.expired')}
          hint={inv.template.title}
          action={
            <Button size="large" onClick={() => void Taro.redirectTo({ url: SURVEY_LIST_PAGE })}>
              {t('surveys.backToList')}
            </Button>
          }
        />
      </View>
    );
  return <Form invitation={inv} />;
}

/** 填写问卷: one invitation's questions (conditional ones appear as they apply), checked before sending, then thanks. */
export default function SurveyAnswerPage() {
  return (
    <Page title="surveys.answerTitle">
      <PatientGate>
        <Answer />
      </PatientGate>
    </Page>
  );
}
