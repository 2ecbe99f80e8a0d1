import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CONSULT_TEXT_MAX_CHARS, type ConsultationKind } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { InChinese } from '../../../../components/InChinese';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { RealNameBadge, RealNameCard, RealNameNotice } from '../../../../components/RealNameCard';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useRealName } from '../../../../hooks/use-real-name';
import { useReminderAsk } from '../../../../hooks/use-reminder-ask';
import { listDepartments, listDoctors } from '../../../../services/catalog';
import { getEligibility, startConsultation } from '../../../../services/consultations';
import { toApiError } from '../../../../services/errors';
import { activeProfile, useAppState } from '../../../../store/app-store';
import { newIdempotencyKey } from '../../../../utils/appointments';
import { formatDate } from '../../../../utils/clinic-time';
import { defaultKind, QUESTION_MIN_CHARS, questionProblem, startDecision } from '../../../../utils/consult';
import { formatFen } from '../../../../utils/money';
import { displayName } from '../../../../utils/people';
import { CONSULT_CHAT_PAGE, handOffPayment } from '../../routes';
import '../../../../components/chat/chat.css';
import '../../consult.css';

const REPLY_KINDS = ['doctor_replied'] as const;

function BookFirst(props: { departmentId: string; withinDays: number; lastVisitAt: string | null; onHealth: () => void }) {
  const { t, locale } = useI18n();
  return (
    <View className="yb-card yb-card--padded yb-section" data-testid="consult-book-first" role="alert">
      <Text className="yb-h2">{t('consult.bookFirstTitle')}</Text>
      <Text className="yb-body">{t('consult.bookFirstBody', { days: props.withinDays })}</Text>
      {props.lastVisitAt ? <Text className="yb-muted">{t('consult.lastVisit', { date: formatDate(props.lastVisitAt.slice(0, 10), locale) })}</Text> : null}
      <View className="yb-actions">
        <Button
          type="primary"
          size="large"
          onClick={() => void Taro.navigateTo({ url: `/packages/booking/pages/doctors/index?departmentId=${props.departmentId}` })}
          data-testid="consult-book-visit"
        >
          {t('consult.bookFirst')}
        </Button>
        <Button size="large" fill="outline" onClick={props.onHealth} data-testid="consult-ask-health">
          {t('consult.askHealthInstead')}
        </Button>
      </View>
    </View>
  );
}

function Start(props: { departmentId?: string; doctorId?: string; kind?: string }) {
  const { t, locale } = useI18n();
  const profile = useAppState(activeProfile);
  const hasFamily = useAppState((s) => s.patient.profiles.length > 1);
  const patientId = profile?.id ?? null;
  // 实名: shown first, before the patient writes a question they could not send; what they write is kept meanwhile.
  const realName = useRealName(profile);
  const blocked = realName.missing.length > 0;
  const departments = useQuery(listDepartments, [locale]);
  const [departmentId, setDepartmentId] = useState<string | null>(props.departmentId ?? null);
  const eligibility = useQuery(() => getEligibility(departmentId!), [departmentId, patientId], !!departmentId && !!patientId);
  const doctors = useQuery(() => listDoctors(departmentId!), [departmentId, locale], !!departmentId);
  const [kind, setKind] = useState<ConsultationKind | null>(props.kind === 'health_consult' || props.kind === 'online_followup' ? props.kind : null);
  const [doctorId, setDoctorId] = useState<string | null>(props.doctorId ?? null);
  const [question, setQuestion] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The server said no visit (it has the last word even when eligibility said yes a moment ago). */
  const [refused, setRefused] = useState(false);
  const key = useRef<string | null>(null);
  const reminders = useReminderAsk(REPLY_KINDS);

  // The kind: the one the link asked for, else follow-up when the patient qualifies, else a health question.
  useEffect(() => {
    if (!kind && eligibility.data) setKind(defaultKind(eligibility.data, props.kind));
  }, [eligibility.data, kind, props.kind]);

  const chosenKind: ConsultationKind = kind ?? 'health_consult';
  const decision = eligibility.data ? startDecision(eligibility.data, chosenKind) : null;
  const bookFirst = refused && chosenKind === 'online_followup' ? { withinDays: eligibility.data?.onlineFollowup.withinDays ?? 0, lastVisitAt: null } : null;
  const gate = decision?.action === 'book_first' ? decision : bookFirst;
  const fee = decision?.action === 'ask' ? decision.fee : 0;
  const count = [...question.trim()].length;
  const problem = questionProblem(question);

  const pickDepartment = (id: string) => {
    setDepartmentId(id);
    setDoctorId(null);
    setRefused(false);
    setError(null);
    key.current = null;
  };

  const pickKind = (next: ConsultationKind) => {
    setKind(next);
    setRefused(false);
    setError(null);
    key.current = null;
  };

  const submit = () => {
    if (!departmentId) return setError(t('consult.department'));
    if (problem === 'tooShort') return setError(t('consult.questionTooShort', { min: QUESTION_MIN_CHARS }));
    if (problem === 'tooLong') return setError(t('consult.questionTooLong', { max: CONSULT_TEXT_MAX_CHARS }));
    // Inside the tap and before any network: WeChat allows the "医生已回复" popup only here (never asked again once refused).
    reminders.ask({ unprompted: true });
    key.current ??= newIdempotencyKey('consult');
    setSubmitting(true);
    setError(null);
    startConsultation(
      { kind: chosenKind, departmentId, ...(doctorId ? { doctorId } : {}), question: question.trim(), clientId: key.current.replace(/^consult-/, 'q-') },
      key.current,
    )
      .then(async (created) => {
        const id = created.consultation.id;
        if (created.payment && created.consultation.status === 'pending_payment') handOffPayment(id, created.payment);
        await Taro.redirectTo({ url: `${CONSULT_CHAT_PAGE}?id=${id}${created.payment ? '&pay=1' : ''}` });
      })
      .catch((e) => {
        const failure = toApiError(e, locale);
        if (!failure.transient) key.current = null;
        if (failure.code === 'CONSULT_FOLLOWUP_NEEDS_VISIT') setRefused(true);
        else if (!realName.refused(failure)) setError(failure.message);
        setSubmitting(false);
      });
  };

  return (
    <View data-testid="consult-start">
      {hasFamily && profile ? (
        <Text className="yb-muted" data-testid="consult-for">
          {t('consult.forProfile', { name: displayName(profile, t) })} <RealNameBadge profile={profile} />
        </Text>
      ) : null}
      {profile && blocked ? <RealNameCard profile={profile} missing={realName.missing} after="consult" /> : null}

      <View className="yb-section">
        <Text className="yb-section__title">{t('consult.department')}</Text>
        {departments.loading && !departments.data ? <LoadingState /> : null}
        {departments.error ? <ErrorState error={departments.error} title={t('consult.departmentsError')} onRetry={() => void departments.reload()} /> : null}
        <View className="yb-choices" data-testid="consult-departments">
          {departments.data?.map((d) => (
            <Text
              key={d.id}
              className={`yb-choice ${d.id === departmentId ? 'yb-choice--on' : ''}`}
              onClick={() => pickDepartment(d.id)}
              data-value={d.id}
              data-testid="consult-department"
            >
              {d.name}
              <InChinese show={d.fallback.includes('name')} />
            </Text>
          ))}
        </View>
      </View>

      {departmentId ? (
        <View className="yb-section">
          <Text className="yb-section__title">{t('consult.kindTitle')}</Text>
          {eligibility.loading && !eligibility.data ? <LoadingState label={t('consult.eligibilityLoading')} /> : null}
          {eligibility.error ? <ErrorState error={eligibility.error} title={t('consult.eligibilityError')} onRetry={() => void eligibility.reload()} /> : null}
          {eligibility.data ? (
            <View className="yb-kinds" data-testid="consult-kinds">
              {(['health_consult', 'online_followup'] as const).map((k) => {
                const on = chosenKind === k;
                const locked = k === 'online_followup' && !eligibility.data!.onlineFollowup.allowed;
                const kindFee = k === 'health_consult' ? eligibility.data!.healthConsult.fee : eligibility.data!.onlineFollowup.fee;
                return (
                  <View
                    key={k}
                    className={`yb-kind ${on ? 'yb-kind--on' : ''}`}
                    onClick={() => pickKind(k)}
                    data-testid={`consult-kind-${k}`}
                    data-selected={on ? 'yes' : 'no'}
                    data-allowed={locked ? 'no' : 'yes'}
                  >
                    <View className="yb-kind__head">
                      <Text className="yb-kind__title">{t(`consult.kind.${k}`)}</Text>
                      <Text className="yb-badge">{kindFee > 0 ? formatFen(kindFee) : t('consult.free')}</Text>
                    </View>
                    <Text className="yb-kind__hint">
                      {k === 'health_consult'
                        ? t('consult.kind.health_consultHint')
                        : t('consult.kind.online_followupHint', { days: eligibility.data!.onlineFollowup.withinDays })}
                    </Text>
                    {locked ? <Text className="yb-badge yb-badge--muted">{t('consult.kind.online_followupLocked')}</Text> : null}
                  </View>
                );
              })}
            </View>
          ) : null}
        </View>
      ) : null}

      {departmentId && gate ? (
        <BookFirst departmentId={departmentId} withinDays={gate.withinDays} lastVisitAt={gate.lastVisitAt} onHealth={() => pickKind('health_consult')} />
      ) : null}

      {departmentId && eligibility.data && !gate ? (
        <>
          {chosenKind === 'health_consult' ? (
            <View className="yb-notice" data-testid="consult-disclaimer">
              <Text className="yb-notice__text">{t('consult.disclaimer')}</Text>
            </View>
          ) : null}

          {doctors.data && doctors.data.length > 0 ? (
            <View className="yb-section">
              <Text className="yb-section__title">{t('consult.doctor')}</Text>
              <View className="yb-choices" data-testid="consult-doctors">
                <Text className={`yb-choice ${doctorId === null ? 'yb-choice--on' : ''}`} onClick={() => setDoctorId(null)} data-value="">
                  {t('consult.anyDoctor')}
                </Text>
                {doctors.data.map((d) => (
                  <Text key={d.id} className={`yb-choice ${d.id === doctorId ? 'yb-choice--on' : ''}`} onClick={() => setDoctorId(d.id)} data-value={d.id}>
                    {d.name}
                    <InChinese show={d.fallback.includes('name')} />
                  </Text>
                ))}
              </View>
            </View>
          ) : null}

          <View className="yb-section">
            <Text className="yb-section__title">{t('consult.question')}</Text>
            <View className="yb-card yb-card--padded">
              <Textarea
                className="yb-textarea"
                value={question}
                maxlength={CONSULT_TEXT_MAX_CHARS}
                placeholder={t('consult.questionPlaceholder')}
                onInput={(e) => {
                  setQuestion(e.detail.value);
                  // A message about the last try goes once the question is changed (as on the profile form).
                  setError(null);
                }}
                autoHeight
                data-testid="consult-question"
              />
              <Text className="yb-counter" data-testid="consult-question-count">
                {t('consult.questionCount', { n: count, max: CONSULT_TEXT_MAX_CHARS })}
              </Text>
            </View>
          </View>

          <View className="yb-card yb-section">
            <View className="yb-kv" data-testid="consult-fee">
              <Text className="yb-kv__label">{t('consult.fee')}</Text>
              <Text className="yb-kv__value">{fee > 0 ? formatFen(fee) : t('consult.free')}</Text>
            </View>
          </View>

          {profile && blocked ? (
            <RealNameNotice profile={profile} missing={realName.missing} />
          ) : (
            <>
              <InlineError message={error} />
              <View className="yb-actions">
                <Button type="primary" size="large" loading={submitting} disabled={submitting} onClick={submit} data-testid="consult-submit">
                  {submitting ? t('consult.submitting') : fee > 0 ? t('consult.submitPay', { fee: formatFen(fee) }) : t('consult.submit')}
                </Button>
              </View>
            </>
          )}
        </>
      ) : null}
    </View>
  );
}

export default function ConsultStartPage() {
  const { departmentId, doctorId, kind } = useRouter().params;
  return (
    <Page title="consult.startTitle">
      <PatientGate>
        <Start departmentId={departmentId} doctorId={doctorId} kind={kind} />
      </PatientGate>
    </Page>
  );
}
