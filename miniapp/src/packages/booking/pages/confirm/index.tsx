import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef, useState, type ReactNode } from 'react';
import { InChinese } from '../../../../components/InChinese';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { RealNameBadge, RealNameCard } from '../../../../components/RealNameCard';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { useRealName } from '../../../../hooks/use-real-name';
import { bookSlot, getDoctor, listSlots } from '../../../../services/booking';
import { listDepartments } from '../../../../services/catalog';
import { toApiError } from '../../../../services/errors';
import { activeProfile, useAppState } from '../../../../store/app-store';
import { newIdempotencyKey } from '../../../../utils/appointments';
import { addDays, formatVisitTime, hospitalDate } from '../../../../utils/clinic-time';
import { formatFen } from '../../../../utils/money';
import { displayName } from '../../../../utils/people';
import { handOffPayment, RESULT_PAGE } from '../../payment-handoff';
import '../../booking.css';

function Row(props: { label: string; value: string; badge?: ReactNode; action?: { text: string; onClick: () => void }; testId?: string }) {
  return (
    <View className="yb-kv" data-testid={props.testId}>
      <Text className="yb-kv__label">{props.label}</Text>
      <Text className="yb-kv__value">
        {props.value} {props.badge}
      </Text>
      {props.action ? (
        <Text className="yb-textbutton" onClick={props.action.onClick}>
          {props.action.text}
        </Text>
      ) : null}
    </View>
  );
}

/** Slots that cannot be booked any more make the whole booking impossible: the patient goes back to choose. */
const GONE = new Set(['SLOT_FULL', 'SLOT_NOT_FOUND', 'SLOT_NOT_BOOKABLE']);

function Confirm(props: { doctorId: string; slotId: string }) {
  const { t, locale } = useI18n();
  const profile = useAppState(activeProfile);
  // 实名: the card below stands in for the button until the profile is complete; the slot stays chosen meanwhile.
  const realName = useRealName(profile);
  const data = useQuery(async () => {
    const today = hospitalDate(new Date());
    const [doctor, departments, slots] = await Promise.all([
      getDoctor(props.doctorId),
      listDepartments(),
      listSlots(props.doctorId, today, addDays(today, 31)),
    ]);
    return { doctor, department: departments.find((d) => d.id === doctor.departmentId) ?? null, slot: slots.find((s) => s.id === props.slotId) ?? null };
  }, [props.doctorId, props.slotId, locale]);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; gone: boolean } | null>(null);
  // One key per attempt: tapping again after a lost answer returns the same appointment instead of a second one.
  const key = useRef<string | null>(null);

  if (data.loading && !data.data) return <LoadingState />;
  if (data.error) return <ErrorState error={data.error} onRetry={() => void data.reload()} />;
  if (!data.data) return null;
  const { doctor, department, slot } = data.data;

  if (!slot || slot.remaining <= 0) {
    return (
      <View className="yb-state" data-testid="slot-gone">
        <Text className="yb-state__title">{t('confirm.slotGone')}</Text>
        <Button type="primary" size="large" className="yb-state__action" onClick={() => void Taro.navigateBack()}>
          {t('confirm.pickAnother')}
        </Button>
      </View>
    );
  }

  const submit = async () => {
    if (!profile) {
      setError({ message: t('confirm.noProfile'), gone: false });
      return;
    }
    key.current ??= newIdempotencyKey('book');
    setSubmitting(true);
    setError(null);
    try {
      const booked = await bookSlot(slot.id, key.current);
      const id = booked.appointment.id;
      if (booked.payment && booked.appointment.status === 'pending_payment') {
        handOffPayment(id, booked.payment);
        await Taro.redirectTo({ url: `${RESULT_PAGE}?id=${id}&autopay=1` });
      } else {
        await Taro.redirectTo({ url: `${RESULT_PAGE}?id=${id}` });
      }
    } catch (e) {
      const failure = toApiError(e, locale);
      // A definite answer ends this attempt; after a lost answer the same key is sent again.
      if (!failure.transient) key.current = null;
      if (!realName.refused(failure)) setError({ message: failure.message, gone: GONE.has(failure.code) });
      setSubmitting(false);
    }
  };

  return (
    <View data-testid="confirm">
      <View className="yb-section">
        <Text className="yb-section__title">{t('confirm.title')}</Text>
        <View className="yb-card">
          <Row
            label={t('confirm.patient')}
            value={displayName(profile, t)}
            badge={<RealNameBadge profile={profile} />}
            testId="confirm-patient"
            action={{ text: t('confirm.switchPatient'), onClick: () => void Taro.navigateTo({ url: '/packages/family/pages/index/index' }) }}
          />
          <Row
            label={t('confirm.doctor')}
            value={`${doctor.name} · ${t(`title.${doctor.title}`)}`}
            badge={<InChinese show={doctor.fallback.includes('name')} />}
          />
          {department ? (
            <Row label={t('confirm.department')} value={department.name} badge={<InChinese show={department.fallback.includes('name')} />} />
          ) : null}
          <Row label={t('confirm.time')} value={formatVisitTime(slot.startsAt, slot.endsAt, locale)} testId="confirm-time" />
          {department ? (
            <Row label={t('confirm.place')} value={department.location} badge={<InChinese show={department.fallback.includes('location')} />} />
          ) : null}
          <Row label={t('confirm.visitType')} value={t(`visitType.${slot.visitType}`)} />
          <Row label={t('confirm.fee')} value={slot.fee > 0 ? formatFen(slot.fee) : t('confirm.free')} testId="confirm-fee" />
        </View>
      </View>

      <View className="yb-section">
        <Text className="yb-section__title">{t('confirm.rulesTitle')}</Text>
        <View className="yb-card yb-card--padded yb-stack" data-testid="confirm-rules">
          {slot.fee > 0 ? <Text className="yb-body">{t('confirm.rulePay')}</Text> : null}
          <Text className="yb-body">{t('confirm.ruleRefund')}</Text>
          <Text className="yb-body">{t('confirm.ruleArrive')}</Text>
        </View>
      </View>

      {profile && realName.missing.length > 0 && !error?.gone ? (
        <RealNameCard profile={profile} missing={realName.missing} after="booking" />
      ) : (
        <>
          <InlineError message={error?.message ?? null} />
          <View className="yb-actions">
            {error?.gone ? (
              <Button type="primary" size="large" onClick={() => void Taro.navigateBack()}>
                {t('confirm.pickAnother')}
              </Button>
            ) : (
              <Button type="primary" size="large" loading={submitting} disabled={submitting} onClick={() => void submit()} data-testid="confirm-submit">
                {submitting ? t('confirm.submitting') : slot.fee > 0 ? t('confirm.submitPay', { fee: formatFen(slot.fee) }) : t('confirm.submitFree')}
              </Button>
            )}
          </View>
        </>
      )}
    </View>
  );
}

export default function ConfirmPage() {
  const { doctorId, slotId } = useRouter().params;
  return (
    <Page title="confirm.title">
      <PatientGate>{doctorId && slotId ? <Confirm doctorId={doctorId} slotId={slotId} /> : null}</PatientGate>
    </Page>
  );
}
