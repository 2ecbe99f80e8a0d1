import { Text, Textarea, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../components/nut';
import { ErrorState, InlineError, LoadingState } from '../../../components/states';
import { useI18n, type Translate } from '../../../hooks/use-i18n';
import { useNow } from '../../../hooks/use-now';
import { useQuery } from '../../../hooks/use-query';
import { staffChat } from '../../../services/consultations';
import { toApiError, type ApiRequestError } from '../../../services/errors';
import { breakTheGlass } from '../../../services/patient-access';
import { useAppState } from '../../../store/app-store';
import {
  BREAK_GLASS_REASON_MAX_CHARS,
  BREAK_GLASS_REASON_MIN_CHARS,
  grantState,
  minutesLeft,
  reasonProblem,
  visibleChars,
  type ReasonProblem,
} from '../../../utils/break-glass';
import { formatSentAt } from '../../../utils/message-format';
import { rememberedGrant, rememberGrant } from '../break-glass-memory';

const LIMITS = { min: BREAK_GLASS_REASON_MIN_CHARS, max: BREAK_GLASS_REASON_MAX_CHARS };

function problemText(t: Translate, problem: ReasonProblem): string {
  switch (problem) {
    case 'blank':
      return t('breakGlass.reasonBlank');
    case 'tooShort':
      return t('breakGlass.reasonTooShort', LIMITS);
    case 'tooLong':
      return t('breakGlass.reasonTooLong', LIMITS);
  }
}

/** What a refused attempt means and what to do, in the dialog (the reason stays in the box). */
function failureText(t: Translate, error: ApiRequestError): string {
  if (error.code === 'VALIDATION_FAILED') return t('breakGlass.reasonRefused', LIMITS);
  // No answer (offline, timed out): the app's own words for it point at a 重试 button this dialog does not have.
  if (error.status === 0) return t('breakGlass.offline');
  if (error.transient) return `${error.message} ${t('breakGlass.keptRetry')}`;
  return error.message;
}

/** The reason, the warning that the read is recorded and shown to admins, then the grant. */
function BreakGlassForm(props: { patientId: string; patientName: string; onOpened: (expiresAt: string) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const problem = reasonProblem(reason);
    if (problem) return setError(problemText(t, problem));
    setBusy(true);
    setError(null);
    try {
      const grant = await breakTheGlass(props.patientId, reason);
      props.onOpened(grant.expiresAt);
    } catch (e) {
      setError(failureText(t, toApiError(e, locale)));
      setBusy(false);
    }
  };
  return (
    <View className="yb-glass__form" data-testid="break-glass-form">
      <Text className="yb-h2">{t('breakGlass.formTitle')}</Text>
      <Text className="yb-muted">{t('breakGlass.formPatient', { name: props.patientName })}</Text>
      <View className="yb-glass__warning" role="note" data-testid="break-glass-warning">
        <Text className="yb-glass__warning-icon">!</Text>
        <Text className="yb-glass__warning-text">{t('breakGlass.warning')}</Text>
      </View>
      <Text className="yb-field__label">{t('breakGlass.reasonLabel')}</Text>
      <Textarea
        className="yb-textarea yb-glass__reason"
        value={reason}
        maxlength={BREAK_GLASS_REASON_MAX_CHARS}
        placeholder={t('breakGlass.reasonPlaceholder')}
        onInput={(e) => {
          setReason(e.detail.value);
          if (error) setError(null);
        }}
        disabled={busy}
        data-testid="break-glass-reason"
      />
      <Text className="yb-counter">{t('breakGlass.reasonCount', { n: visibleChars(reason), max: BREAK_GLASS_REASON_MAX_CHARS })}</Text>
      <Text className="yb-small">{t('breakGlass.reasonHint', LIMITS)}</Text>
      <View data-testid="break-glass-error">
        <InlineError message={error} />
      </View>
      <View className="yb-actions">
        <Button type="primary" loading={busy} disabled={busy} onClick={() => void submit()} data-testid="break-glass-submit">
          {busy ? t('breakGlass.submitting') : t('breakGlass.submit')}
        </Button>
        <Button fill="outline" disabled={busy} onClick={props.onCancel} data-testid="break-glass-cancel">
          {t('common.cancel')}
        </Button>
      </View>
    </View>
  );
}

/**
 * The patient panel when the record is closed to this staff member (CARE_RELATIONSHIP_REQUIRED): what that means,
 * and breaking the glass — the form takes the panel's place (the panel is a sheet on a phone, a column beside the
 * chat on a desktop).
 */
export function CareRelationshipRequired(props: { consultationId: string; onOpened: () => void }) {
  const { t, locale } = useI18n();
  const staffId = useAppState((s) => s.staff.member?.id);
  // The summary's refusal does not name the patient: the consultation does (staff may read it without the record).
  const consultation = useQuery(() => staffChat.get(props.consultationId), [props.consultationId]);
  const [asking, setAsking] = useState(false);
  useEffect(() => setAsking(false), [props.consultationId]);
  const patientId = consultation.data?.patientId;
  const patientName = consultation.data?.patientName ?? t('desk.unnamed');
  const earlier = rememberedGrant(staffId, patientId);
  const ended = earlier && grantState(earlier, new Date()) === 'ended' ? earlier : null;

  if (asking) {
    if (consultation.error) return <ErrorState error={consultation.error} onRetry={() => void consultation.reload()} />;
    if (!patientId) return <LoadingState />;
    return (
      <View className="yb-summary">
        <BreakGlassForm
          patientId={patientId}
          patientName={patientName}
          onCancel={() => setAsking(false)}
          onOpened={(expiresAt) => {
            if (staffId) rememberGrant(staffId, patientId, expiresAt);
            setAsking(false);
            props.onOpened();
          }}
        />
      </View>
    );
  }

  return (
    <View className="yb-summary yb-glass" data-testid="patient-summary-locked" data-code="CARE_RELATIONSHIP_REQUIRED">
      {consultation.data ? <Text className="yb-h2">{patientName}</Text> : null}
      <Text className="yb-glass__title">{t('breakGlass.lockedTitle')}</Text>
      <Text className="yb-glass__text" data-testid="care-required-explanation">
        {t('breakGlass.lockedBody')}
      </Text>
      {ended ? (
        <Text className="yb-glass__text yb-small" data-testid="break-glass-ended">
          {t('breakGlass.ended', { time: formatSentAt(ended.expiresAt, locale, new Date()) })}
        </Text>
      ) : null}
      <Text className="yb-glass__text">{t('breakGlass.lockedWhen')}</Text>
      <Button type="primary" className="yb-glass__open" onClick={() => setAsking(true)} data-testid="break-glass-open">
        {t('breakGlass.open')}
      </Button>
    </View>
  );
}

/** Above the summary while it is open through a grant this console made: until when; the record closes by itself after. */
export function BreakGlassBanner(props: { expiresAt: string; onEnded: () => void }) {
  const { t, locale } = useI18n();
  const now = useNow(15_000);
  const state = grantState(props, now);
  const was = useRef(state);
  const onEnded = useRef(props.onEnded);
  onEnded.current = props.onEnded;
  // Ended while on screen: load again (the server has closed the record; the panel explains and offers the glass again).
  useEffect(() => {
    if (was.current === 'open' && state === 'ended') onEnded.current();
    was.current = state;
  }, [state]);
  const time = formatSentAt(props.expiresAt, locale, now);
  return (
    <View
      className={`yb-glass__banner yb-glass__banner--${state}`}
      role="status"
      data-testid="break-glass-active"
      data-state={state}
      data-expires-at={props.expiresAt}
    >
      <Text className="yb-glass__banner-title">
        {state === 'open' ? t('breakGlass.active', { time, n: minutesLeft(props.expiresAt, now) }) : t('breakGlass.ended', { time })}
      </Text>
      <Text className="yb-glass__banner-note">{t('breakGlass.activeNote')}</Text>
    </View>
  );
}
