import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { SESSION_PERIODS, VISIT_TYPES, type ClinicSessionView, type SessionPeriodName, type VisitType } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n, type Translate } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { createSchedules, listSessions, stopSession, updateSlot } from '../../../../services/clinic-admin';
import { toApiError, type ApiRequestError } from '../../../../services/errors';
import { addDays, clockTime, formatDate, hospitalDate, timeRange, weekdayName, weekStart } from '../../../../utils/clinic-time';
import { formatFen, parseYuan } from '../../../../utils/money';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { DepartmentPicker } from '../../components/DepartmentPicker';
import { useStaffDepartment } from '../../use-department';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';

type Slot = ClinicSessionView['slots'][number];

/** A server refusal in words, with the fields validation named. */
function describe(error: ApiRequestError): string {
  const fields = (error.details?.fields as { field: string }[] | undefined)?.map((f) => f.field).join(', ');
  return fields ? `${error.message} (${fields})` : error.message;
}

function SlotEditor(props: { slot: Slot; onDone: (saved: boolean) => void }) {
  const { t, locale } = useI18n();
  const [capacity, setCapacity] = useState(String(props.slot.capacity));
  const [fee, setFee] = useState((props.slot.fee / 100).toFixed(2));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const feeLocked = props.slot.booked > 0;

  const save = async () => {
    const cap = Number(capacity);
    if (!Number.isInteger(cap) || cap < props.slot.booked || cap < 1) return setError(t('slotEdit.capacityInvalid', { booked: props.slot.booked }));
    const fen = parseYuan(fee);
    if (fen === null) return setError(t('slotEdit.feeInvalid'));
    const body: { capacity?: number; fee?: number } = {};
    if (cap !== props.slot.capacity) body.capacity = cap;
    if (!feeLocked && fen !== props.slot.fee) body.fee = fen;
    if (Object.keys(body).length === 0) return props.onDone(false);
    setSaving(true);
    setError(null);
    try {
      await updateSlot(props.slot.id, body);
      void Taro.showToast({ title: t('slotEdit.saved'), icon: 'success' });
      props.onDone(true);
    } catch (e) {
      setError(describe(toApiError(e, locale)));
      setSaving(false);
    }
  };

  return (
    <View className="yb-editor" data-testid="slot-editor">
      <Text className="yb-strong">{t('slotEdit.title', { time: timeRange(props.slot.startsAt, props.slot.endsAt) })}</Text>
      <Text className="yb-field__label">{t('slotEdit.capacity')}</Text>
      <Input
        className="yb-input"
        type="number"
        value={capacity}
        onInput={(e) => {
          setCapacity(e.detail.value);
          setError(null);
        }}
        data-testid="slot-capacity"
      />
      <Text className="yb-field__label">{t('slotEdit.fee')}</Text>
      <Input
        className="yb-input"
        type="digit"
        value={fee}
        disabled={feeLocked}
        onInput={(e) => {
          setFee(e.detail.value);
          setError(null);
        }}
        data-testid="slot-fee"
      />
      {feeLocked ? <Text className="yb-small">{t('slotEdit.feeLocked')}</Text> : null}
      <InlineError message={error} />
      <View className="yb-toolbar">
        <Button size="small" type="primary" loading={saving} disabled={saving} onClick={() => void save()}>
          {t('common.save')}
        </Button>
        <Button size="small" onClick={() => props.onDone(false)}>
          {t('common.cancel')}
        </Button>
      </View>
    </View>
  );
}

function StopEditor(props: { session: ClinicSessionView; onDone: (stopped: boolean) => void }) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const patients = props.session.slots.reduce((n, s) => n + s.booked, 0);

  const stop = async () => {
    if (!reason.trim()) return setError(t('stop.reasonRequired'));
    const { confirm } = await Taro.showModal({
      title: t('stop.confirmTitle'),
      content: patients > 0 ? t('stop.confirmBody', { patients }) : t('stop.confirmNobody'),
      confirmText: t('stop.submit'),
      cancelText: t('common.cancel'),
      confirmColor: '#b3261e',
    });
    if (!confirm) return;
    setSaving(true);
    setError(null);
    try {
      const res = await stopSession(props.session.id, reason.trim());
      void Taro.showModal({
        title: t('schedule.stopped'),
        content: t('stop.done', { n: res.appointmentsCancelled, fee: formatFen(res.refundsRequested) }),
        showCancel: false,
        confirmText: t('common.confirm'),
      });
      props.onDone(true);
    } catch (e) {
      setError(describe(toApiError(e, locale)));
      setSaving(false);
    }
  };

  return (
    <View className="yb-editor" data-testid="stop-editor">
      <Text className="yb-strong">{t('stop.title', { date: formatDate(props.session.date, locale), period: t(`period.${props.session.period}`) })}</Text>
      <Text className="yb-field__label">{t('stop.reason')}</Text>
      <Input
        className="yb-input"
        value={reason}
        placeholder={t('stop.reasonPlaceholder')}
        onInput={(e) => {
          setReason(e.detail.value);
          setError(null);
        }}
        maxlength={100}
        data-testid="stop-reason"
      />
      <InlineError message={error} />
      <View className="yb-toolbar">
        <Button size="small" type="primary" loading={saving} disabled={saving} onClick={() => void stop()} data-testid="stop-submit">
          {t('stop.submit')}
        </Button>
        <Button size="small" onClick={() => props.onDone(false)}>
          {t('common.cancel')}
        </Button>
      </View>
    </View>
  );
}

function Choices<T extends string | number>(props: {
  value: T | readonly T[];
  options: readonly T[];
  label: (v: T) => string;
  onChange: (v: T) => void;
  testId?: string;
}) {
  const on = (v: T) => (Array.isArray(props.value) ? (props.value as readonly T[]).includes(v) : props.value === v);
  return (
    <View className="yb-choices" data-testid={props.testId}>
      {props.options.map((v) => (
        <Text key={String(v)} className={`yb-choice ${on(v) ? 'yb-choice--on' : ''}`} onClick={() => props.onChange(v)} data-value={String(v)}>
          {props.label(v)}
        </Text>
      ))}
    </View>
  );
}

function Field(props: { label: string; children: React.ReactNode }) {
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{props.label}</Text>
      {props.children}
    </View>
  );
}

const PERIOD_TIMES: Record<SessionPeriodName, [string, string]> = { morning: ['08:00', '11:30'], afternoon: ['13:30', '17:00'], evening: ['18:00', '20:30'] };

/** POST /schedules/bulk: one weekly clinic pattern for a doctor, for N weeks from a date. */
function PatternForm(props: { doctors: { id: string; label: string }[]; defaultDoctor: string | null; onCreated: () => void; t: Translate }) {
  const { t, locale } = useI18n();
  const [doctorId, setDoctorId] = useState<string | null>(props.defaultDoctor);
  const [fromDate, setFromDate] = useState(addDays(weekStart(hospitalDate(new Date())), 7));
  const [weeks, setWeeks] = useState('4');
  const [weekdays, setWeekdays] = useState<number[]>([1, 3, 5]);
  const [period, setPeriod] = useState<SessionPeriodName>('morning');
  const [start, setStart] = useState(PERIOD_TIMES.morning[0]);
  const [end, setEnd] = useState(PERIOD_TIMES.morning[1]);
  const [slotMinutes, setSlotMinutes] = useState('30');
  const [capacity, setCapacity] = useState('4');
  const [visitType, setVisitType] = useState<VisitType>('general');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const chosen = doctorId ?? props.defaultDoctor;

  const submit = async () => {
    if (!chosen) return setError(t('pattern.pickDoctor'));
    if (weekdays.length === 0) return setError(t('pattern.pickWeekday'));
    setSaving(true);
    setError(null);
    setResult(null);
    try {
      const res = await createSchedules({
        doctorId: chosen,
        fromDate,
        weeks: Number(weeks),
        pattern: [...weekdays].sort().map((weekday) => ({
          weekday,
          period,
          start,
          end,
          slotMinutes: Number(slotMinutes),
          capacityPerSlot: Number(capacity),
          visitType,
        })),
      });
      setResult(
        t('pattern.done', { sessions: res.sessionsCreated, slots: res.slotsCreated }) +
          (res.skipped.length ? t('pattern.doneSkipped', { n: res.skipped.length }) : ''),
      );
      props.onCreated();
    } catch (e) {
      setError(describe(toApiError(e, locale)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="yb-card yb-section" data-testid="pattern-form">
      <View className="yb-field">
        <Text className="yb-h2">{t('pattern.title')}</Text>
        <Text className="yb-muted">{t('pattern.intro')}</Text>
      </View>
      <Field label={t('pattern.doctor')}>
        <Choices
          value={chosen ?? ''}
          options={props.doctors.map((d) => d.id)}
          label={(id) => props.doctors.find((d) => d.id === id)?.label ?? id}
          onChange={setDoctorId}
          testId="pattern-doctor"
        />
      </Field>
      <View className="yb-form-grid">
        <Field label={t('pattern.fromDate')}>
          <Input className="yb-input" value={fromDate} onInput={(e) => setFromDate(e.detail.value)} placeholder="YYYY-MM-DD" data-testid="pattern-from" />
        </Field>
        <Field label={t('pattern.weeks')}>
          <Input className="yb-input" type="number" value={weeks} onInput={(e) => setWeeks(e.detail.value)} data-testid="pattern-weeks" />
        </Field>
        <Field label={t('pattern.visitType')}>
          <Choices value={visitType} options={VISIT_TYPES} label={(v) => t(`visitType.${v}`)} onChange={setVisitType} />
        </Field>
      </View>
      <Field label={t('pattern.weekdays')}>
        <Choices
          value={weekdays}
          options={[1, 2, 3, 4, 5, 6, 7]}
          label={(d) => weekdayName(d, locale)}
          testId="pattern-weekdays"
          onChange={(d) => setWeekdays((w) => (w.includes(d) ? w.filter((x) => x !== d) : [...w, d]))}
        />
      </Field>
      <Field label={t('pattern.period')}>
        <Choices
          value={period}
          options={SESSION_PERIODS}
          label={(p) => t(`period.${p}`)}
          onChange={(p) => {
            setPeriod(p);
            setStart(PERIOD_TIMES[p][0]);
            setEnd(PERIOD_TIMES[p][1]);
          }}
        />
      </Field>
      <View className="yb-form-grid">
        <Field label={t('pattern.start')}>
          <Input className="yb-input" value={start} onInput={(e) => setStart(e.detail.value)} placeholder="08:00" />
        </Field>
        <Field label={t('pattern.end')}>
          <Input className="yb-input" value={end} onInput={(e) => setEnd(e.detail.value)} placeholder="11:30" />
        </Field>
        <Field label={t('pattern.slotMinutes')}>
          <Input className="yb-input" type="number" value={slotMinutes} onInput={(e) => setSlotMinutes(e.detail.value)} />
        </Field>
        <Field label={t('pattern.capacity')}>
          <Input className="yb-input" type="number" value={capacity} onInput={(e) => setCapacity(e.detail.value)} />
        </Field>
      </View>
      <View className="yb-field">
        <InlineError message={error} />
        {result ? (
          <View className="yb-notice yb-notice--ok" role="status" data-testid="pattern-result">
            <Text className="yb-notice__text">{result}</Text>
          </View>
        ) : null}
        <View className="yb-actions">
          <Button type="primary" size="large" loading={saving} disabled={saving} onClick={() => void submit()} data-testid="pattern-submit">
            {saving ? t('pattern.submitting') : t('pattern.submit')}
          </Button>
        </View>
      </View>
    </View>
  );
}

/** The week of clinics for the department (or one doctor): slots with booked/capacity, adjust, cancel a clinic. */
export default function SchedulePage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const dept = useStaffDepartment(member);
  const [week, setWeek] = useState(() => weekStart(hospitalDate(new Date())));
  const sessions = useQuery(
    () => listSessions({ departmentId: dept.departmentId ?? undefined, doctorId: dept.doctorId ?? undefined, from: week, to: addDays(week, 6) }),
    [week, dept.departmentId, dept.doctorId],
    !!member && !!dept.departmentId,
  );
  const [editing, setEditing] = useState<{ kind: 'slot'; slot: Slot } | { kind: 'stop'; session: ClinicSessionView } | null>(null);
  const doctorName = (id: string, fallback: string) => {
    const d = dept.doctors.data?.find((x) => x.id === id);
    return d ? d.name : fallback;
  };
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const done = (changed: boolean) => {
    setEditing(null);
    if (changed) void sessions.reload();
  };

  return (
    <Page title="schedule.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="schedule" /> : <View />}
      <ConsoleMain>
        <View data-testid="schedule">
          <Text className="yb-console__title">{t('schedule.title')}</Text>
          {!member ? <LoadingState /> : null}
          {member && !member.departmentId && !dept.choosable ? <InlineError message={t('schedule.noDepartment')} /> : null}
          {member ? <DepartmentPicker dept={dept} /> : null}

          <View className="yb-toolbar">
            <Text className="yb-choice" onClick={() => setWeek(addDays(week, -7))}>
              {t('schedule.prevWeek')}
            </Text>
            <Text className="yb-strong" data-testid="schedule-week" data-week={week}>
              {t('schedule.week', { from: formatDate(week, locale), to: formatDate(addDays(week, 6), locale) })}
            </Text>
            <Text className="yb-choice" onClick={() => setWeek(addDays(week, 7))}>
              {t('schedule.nextWeek')}
            </Text>
            <Text className="yb-choice" onClick={() => setWeek(weekStart(hospitalDate(new Date())))}>
              {t('schedule.thisWeek')}
            </Text>
          </View>

          {sessions.loading && !sessions.data ? <LoadingState /> : null}
          {sessions.error ? <ErrorState error={sessions.error} title={t('schedule.loadError')} onRetry={() => void sessions.reload()} /> : null}
          {sessions.data && sessions.data.length === 0 ? <EmptyState icon="calendarOff" title={t('schedule.empty')} hint={t('schedule.emptyHint')} /> : null}

          {sessions.data && sessions.data.length > 0 ? (
            <View className="yb-week">
              {days.map((date) => {
                const today = sessions
                  .data!.filter((s) => s.date === date)
                  .sort((a, b) => SESSION_PERIODS.indexOf(a.period) - SESSION_PERIODS.indexOf(b.period));
                return (
                  <View key={date} className="yb-week__day" data-testid="schedule-day" data-date={date}>
                    <Text className="yb-week__head">{formatDate(date, locale)}</Text>
                    {today.length === 0 ? <Text className="yb-week__none">—</Text> : null}
                    {today.map((s) => {
                      const booked = s.slots.reduce((n, x) => n + x.booked, 0);
                      const capacity = s.slots.reduce((n, x) => n + x.capacity, 0);
                      const stopped = s.status === 'stopped';
                      // One fee for the clinic as a rule; a slot priced differently says so on its own line.
                      const fee = s.slots[0]?.fee ?? 0;
                      return (
                        <View
                          key={s.id}
                          className={`yb-session ${stopped ? 'yb-session--stopped' : ''}`}
                          data-testid="session"
                          data-session-id={s.id}
                          data-status={s.status}
                        >
                          <Text className="yb-session__head">
                            {doctorName(s.doctorId, s.doctorName)} · {t(`period.${s.period}`)} · {t(`visitType.${s.visitType}`)}
                          </Text>
                          <Text className="yb-small">
                            {stopped
                              ? t('schedule.stoppedReason', { reason: s.stoppedReason ?? '' })
                              : `${t('schedule.booked', { booked, capacity })} · ${formatFen(fee)}`}
                          </Text>
                          {s.slots.map((slot) => (
                            <View key={slot.id} className="yb-session__slot" data-testid="session-slot" data-slot-id={slot.id}>
                              <Text className="yb-session__slot-main">
                                {clockTime(slot.startsAt)} · {slot.booked}/{slot.capacity}
                                {slot.fee !== fee ? ` · ${formatFen(slot.fee)}` : ''}
                              </Text>
                              {!stopped && slot.status === 'open' ? (
                                <Text className="yb-textbutton" onClick={() => setEditing({ kind: 'slot', slot })}>
                                  {t('schedule.editSlot')}
                                </Text>
                              ) : null}
                            </View>
                          ))}
                          {!stopped ? (
                            <Text
                              className="yb-textbutton yb-textbutton--danger"
                              onClick={() => setEditing({ kind: 'stop', session: s })}
                              data-testid="session-stop"
                            >
                              {t('schedule.stop')}
                            </Text>
                          ) : null}
                        </View>
                      );
                    })}
                  </View>
                );
              })}
            </View>
          ) : null}

          {editing ? (
            <View className="yb-sheet">
              <View className="yb-sheet__mask" onClick={() => setEditing(null)} />
              <View className="yb-sheet__panel">
                {editing.kind === 'slot' ? <SlotEditor slot={editing.slot} onDone={done} /> : <StopEditor session={editing.session} onDone={done} />}
              </View>
            </View>
          ) : null}

          {member && dept.doctors.data ? (
            <PatternForm
              key={dept.departmentId ?? ''}
              doctors={dept.doctors.data.map((d) => ({ id: d.id, label: d.name }))}
              defaultDoctor={dept.doctorId ?? member.doctorId ?? dept.doctors.data[0]?.id ?? null}
              onCreated={() => void sessions.reload()}
              t={t}
            />
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
