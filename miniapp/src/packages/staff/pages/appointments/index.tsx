import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { AppointmentView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useCodeEntry } from '../../../../hooks/use-code-entry';
import { useQuery } from '../../../../hooks/use-query';
import { platform } from '../../../../platform';
import { checkIn, listDayAppointments, markCompleted, markNoShow } from '../../../../services/clinic-admin';
import { toApiError } from '../../../../services/errors';
import { localName, statusLabel } from '../../../../utils/appointments';
import { addDays, formatDate, hospitalDate, timeRange } from '../../../../utils/clinic-time';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { DepartmentPicker } from '../../components/DepartmentPicker';
import { useStaffDepartment } from '../../use-department';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';

/** The front desk: a day's appointments for the department (or one doctor), check-in by code, visited / no-show. */
export default function FrontDeskPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const dept = useStaffDepartment(member);
  const today = hospitalDate(new Date());
  const [date, setDate] = useState(today);
  const list = useQuery(
    () => listDayAppointments({ date, departmentId: dept.departmentId ?? undefined, doctorId: dept.doctorId ?? undefined }),
    [date, dept.departmentId, dept.doctorId],
    !!member && !!dept.departmentId,
  );
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const nameOf = (a: AppointmentView) => a.patientName ?? t('desk.unnamed');

  const entry = useCodeEntry({
    check: checkIn,
    onChecked: () => {
      setActionError(null);
      void list.reload();
    },
    requiredText: t('desk.codeRequired'),
    invalidCode: 'CHECK_IN_CODE_INVALID',
  });
  const { code, setCode, checking, submit: submitCode, scan } = entry;

  const act = async (a: AppointmentView, kind: 'no_show' | 'complete') => {
    const { confirm } = await Taro.showModal({
      title: t(kind === 'no_show' ? 'desk.noShow' : 'desk.complete'),
      content: t(kind === 'no_show' ? 'desk.noShowConfirm' : 'desk.completeConfirm', { name: nameOf(a) }),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirm) return;
    setBusy(a.id);
    setActionError(null);
    try {
      await (kind === 'no_show' ? markNoShow(a.id) : markCompleted(a.id));
      void Taro.showToast({ title: t('desk.done'), icon: 'success' });
      void list.reload();
    } catch (e) {
      setActionError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const items = [...(list.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const checkedIn = items.filter((a) => a.status === 'checked_in' || a.status === 'completed').length;
  const waiting = items.filter((a) => a.status === 'confirmed').length;
  const now = Date.now();

  return (
    <Page title="desk.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="frontDesk" /> : <View />}
      <ConsoleMain>
        <View data-testid="front-desk">
          <Text className="yb-console__title">{t('desk.title')}</Text>
          {!member ? <LoadingState /> : null}
          {member && !member.departmentId && !dept.choosable ? <InlineError message={t('schedule.noDepartment')} /> : null}
          {member ? <DepartmentPicker dept={dept} /> : null}

          <View className="yb-toolbar">
            <Text className="yb-toolbar__label">{t('desk.date')}</Text>
            <Text className="yb-choice" onClick={() => setDate(addDays(date, -1))}>
              ‹
            </Text>
            <Text className="yb-strong" data-testid="desk-date" data-date={date}>
              {formatDate(date, locale)}
            </Text>
            <Text className="yb-choice" onClick={() => setDate(addDays(date, 1))}>
              ›
            </Text>
            {date !== today ? (
              <Text className="yb-choice" onClick={() => setDate(today)}>
                {t('desk.today')}
              </Text>
            ) : null}
            <Text className="yb-textbutton" onClick={() => void list.reload()}>
              {t('desk.refresh')}
            </Text>
          </View>

          <View className="yb-card yb-card--padded">
            <Text className="yb-h2">{t('desk.checkInTitle')}</Text>
            <View className="yb-checkin">
              <Input
                className="yb-input"
                value={code}
                placeholder={t('desk.codePlaceholder')}
                onInput={(e) => setCode(e.detail.value)}
                onConfirm={(e) => void submitCode(e.detail.value)}
                data-testid="checkin-code-input"
                confirmType="done"
              />
              <Button type="primary" loading={checking} disabled={checking} onClick={() => void submitCode(code)} data-testid="checkin-submit">
                {checking ? t('desk.checkingIn') : t('desk.checkIn')}
              </Button>
              {platform.canScanCode ? (
                <Button fill="outline" onClick={() => void scan()} data-testid="checkin-scan">
                  {t('desk.scan')}
                </Button>
              ) : null}
            </View>
            {entry.result?.ok ? (
              <View className="yb-notice yb-notice--ok" role="status" data-testid="checkin-result">
                <Text className="yb-notice__text">
                  {t('desk.checkedIn', { name: nameOf(entry.result.value) })} · {timeRange(entry.result.value.startsAt, entry.result.value.endsAt)}
                </Text>
              </View>
            ) : entry.result ? (
              <InlineError message={entry.result.text} />
            ) : null}
            {actionError ? <InlineError message={actionError} /> : null}
          </View>

          {list.loading && !list.data ? <LoadingState /> : null}
          {list.error ? <ErrorState error={list.error} title={t('desk.loadError')} onRetry={() => void list.reload()} /> : null}
          {list.data && items.length === 0 ? <EmptyState icon="calendar" title={t('desk.empty')} hint={t('desk.emptyHint')} /> : null}
          {items.length > 0 ? (
            <View className="yb-section">
              <Text className="yb-section__title" data-testid="desk-summary">
                {t('desk.summary', { total: items.length, checkedIn, waiting })}
              </Text>
              <View className="yb-card">
                {items.map((a) => {
                  const { key, tone } = statusLabel(a.status);
                  const ended = new Date(a.endsAt).getTime() <= now;
                  return (
                    <View key={a.id} className="yb-desk-item" data-testid="desk-item" data-appointment-id={a.id} data-status={a.status}>
                      <Text className="yb-desk-item__time">{timeRange(a.startsAt, a.endsAt)}</Text>
                      <View className="yb-desk-item__main">
                        <Text className="yb-body yb-strong">{nameOf(a)}</Text>
                        <Text className="yb-muted">
                          {localName({ zh: a.doctorName, en: a.doctorNameEn }, locale)} · {t(`visitType.${a.visitType}`)}
                        </Text>
                      </View>
                      <Text className={`yb-st yb-st--${tone}`} data-testid="desk-status">
                        {t(key)}
                      </Text>
                      <View className="yb-desk-item__actions">
                        {a.status === 'checked_in' ? (
                          <Button size="small" type="primary" disabled={busy === a.id} onClick={() => void act(a, 'complete')}>
                            {t('desk.complete')}
                          </Button>
                        ) : null}
                        {a.status === 'confirmed' ? (
                          <Button size="small" fill="outline" disabled={busy === a.id || !ended} onClick={() => void act(a, 'no_show')}>
                            {t('desk.noShow')}
                          </Button>
                        ) : null}
                      </View>
                    </View>
                  );
                })}
              </View>
            </View>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
