import { Picker, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { AUDIT_ACTIONS, isStaffRole, type AuditAction, type AuditLogView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { useNow } from '../../../../hooks/use-now';
import { useQuery } from '../../../../hooks/use-query';
import { listAuditLog, listStaffAccounts } from '../../../../services/administration';
import { DATE_PRESETS, presetRange, type DatePreset } from '../../../../utils/administration';
import { hospitalDate } from '../../../../utils/clinic-time';
import { formatSentAt } from '../../../../utils/message-format';
import { ChoiceRow } from '../../components/ChoiceRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

const PAGE_SIZE = 30;

interface Filters {
  preset: DatePreset;
  actorStaffId: string | null;
  action: AuditAction | null;
  patient: { id: string; name: string } | null;
}

function EntryRow(props: { entry: AuditLogView; now: Date; onStaff: () => void; onPatient: () => void }) {
  const { t, locale } = useI18n();
  const e = props.entry;
  const roles = e.actorRoles
    .split(',')
    .filter(Boolean)
    .map((r) => (isStaffRole(r) ? t(`role.${r}`) : r))
    .join(t('console.listSeparator'));
  const patientName = e.patient?.name ?? t('audit.unnamed');
  const ids = [e.patient?.phoneMasked, e.patient?.idNumberMasked].filter(Boolean).join(' · ');
  return (
    <View className="yb-admin-row" data-testid="audit-entry" data-action={e.action} data-patient-id={e.patientId ?? ''} data-actor-id={e.actorStaffId}>
      <View className="yb-admin-row__head">
        <Text className="yb-admin-row__time">{formatSentAt(e.at, locale, props.now)}</Text>
        <Text className="yb-admin-tag yb-admin-tag--action" data-testid="audit-action">
          {t(`audit.action.${e.action}`)}
        </Text>
      </View>
      <View className="yb-admin-row__line">
        <Text className="yb-admin-name" onClick={props.onStaff} data-testid="audit-actor">
          {e.actorName ?? t('audit.unknownStaff')}
        </Text>
        {e.actorUsername ? <Text className="yb-admin-row__sub">{e.actorUsername}</Text> : null}
        <Text className="yb-admin-row__meta" data-testid="audit-roles">
          {t('audit.rolesAtTime', { roles })}
        </Text>
      </View>
      {e.patientId ? (
        <View className="yb-admin-row__line" data-testid="audit-patient">
          <Text className="yb-admin-row__label">{t('audit.patient')}</Text>
          <Text className="yb-admin-name" onClick={props.onPatient} data-testid="audit-patient-name">
            {patientName}
          </Text>
          {ids ? <Text className="yb-admin-row__meta">{ids}</Text> : null}
        </View>
      ) : null}
      <Text className="yb-admin-row__purpose" data-testid="audit-purpose">
        {e.purpose ? t('audit.purpose', { purpose: e.purpose }) : t('audit.noPurpose')}
      </Text>
      <Text className="yb-admin-row__meta">
        {e.resource}
        {e.requestId ? ` · ${t('audit.requestId', { id: e.requestId })}` : ''}
      </Text>
    </View>
  );
}

/**
 * 审计日志 (admins): who read or changed whose record, when, why, with the roles they held then — newest first, by
 * time range, staff member, action and patient (tap a name to narrow to it).
 */
export default function AuditLogPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const now = useNow(60_000);
  const [filters, setFilters] = useState<Filters>({ preset: 'week', actorStaffId: null, action: null, patient: null });
  const staff = useQuery(() => listStaffAccounts(), [], !!member);

  const range = presetRange(filters.preset, hospitalDate(new Date()));
  const key = JSON.stringify([range, filters.actorStaffId, filters.action, filters.patient?.id]);
  const log = useCursorPages({
    load: (cursor) =>
      listAuditLog({
        ...range,
        actorStaffId: filters.actorStaffId ?? undefined,
        action: filters.action ?? undefined,
        patientId: filters.patient?.id,
        limit: PAGE_SIZE,
        cursor: cursor ?? undefined,
      }),
    idOf: (e) => e.id,
    key,
    enabled: !!member,
  });
  const { refresh, loadMore } = log;
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  const staffList = staff.data ?? [];
  const staffNames = [t('audit.allStaff'), ...staffList.map((s) => `${s.displayName} · ${s.username}`)];
  const staffIndex = filters.actorStaffId ? staffList.findIndex((s) => s.id === filters.actorStaffId) + 1 : 0;
  const actionNames = [t('audit.allActions'), ...AUDIT_ACTIONS.map((a) => t(`audit.action.${a}`))];
  const actionIndex = filters.action ? AUDIT_ACTIONS.indexOf(filters.action) + 1 : 0;
  const actorName = (id: string) => staffList.find((s) => s.id === id)?.displayName ?? log.items?.find((e) => e.actorStaffId === id)?.actorName ?? id;

  const items = log.items;
  return (
    <Page title="audit.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="audit" /> : <View />}
      <ConsoleMain>
        <View data-testid="audit-log">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('audit.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void refresh()} data-testid="audit-refresh">
              {t('admin.refresh')}
            </Text>
          </View>
          <Text className="yb-muted">{t('audit.intro')}</Text>

          <View className="yb-admin-filters">
            <ChoiceRow
              label={t('admin.range')}
              testId="audit-filter-range"
              value={filters.preset}
              onChange={(preset) => setFilters((f) => ({ ...f, preset }))}
              options={DATE_PRESETS.map((p) => ({ value: p, label: t(`admin.range.${p}`) }))}
            />
            <View className="yb-toolbar">
              <Text className="yb-toolbar__label">{t('audit.staff')}</Text>
              <Picker
                mode="selector"
                range={staffNames}
                value={staffIndex}
                onChange={(e) => {
                  const i = Number(e.detail.value);
                  setFilters((f) => ({ ...f, actorStaffId: i > 0 ? (staffList[i - 1]?.id ?? null) : null }));
                }}
              >
                <Text className="yb-choice yb-choice--picker" data-testid="audit-filter-staff">
                  {filters.actorStaffId ? actorName(filters.actorStaffId) : t('audit.allStaff')} ▾
                </Text>
              </Picker>
              <Text className="yb-toolbar__label">{t('audit.action')}</Text>
              <Picker
                mode="selector"
                range={actionNames}
                value={actionIndex}
                onChange={(e) => {
                  const i = Number(e.detail.value);
                  setFilters((f) => ({ ...f, action: i > 0 ? (AUDIT_ACTIONS[i - 1] ?? null) : null }));
                }}
              >
                <Text className="yb-choice yb-choice--picker" data-testid="audit-filter-action">
                  {filters.action ? t(`audit.action.${filters.action}`) : t('audit.allActions')} ▾
                </Text>
              </Picker>
            </View>
            {filters.actorStaffId || filters.patient ? (
              <View className="yb-toolbar" data-testid="audit-narrowed">
                {filters.actorStaffId ? (
                  <Text className="yb-admin-chip" onClick={() => setFilters((f) => ({ ...f, actorStaffId: null }))} data-testid="audit-clear-staff">
                    {t('audit.onlyStaff', { name: actorName(filters.actorStaffId) })} ✕
                  </Text>
                ) : null}
                {filters.patient ? (
                  <Text className="yb-admin-chip" onClick={() => setFilters((f) => ({ ...f, patient: null }))} data-testid="audit-clear-patient">
                    {t('audit.onlyPatient', { name: filters.patient.name })} ✕
                  </Text>
                ) : null}
              </View>
            ) : null}
          </View>

          {!member || (log.loading && !items) ? <LoadingState /> : null}
          {log.error && !items ? <ErrorState error={log.error} title={t('audit.loadError')} onRetry={() => void refresh()} /> : null}
          {log.error && items ? <InlineError message={log.error.message} /> : null}
          {items && items.length === 0 && !log.loading ? <EmptyState title={t('audit.empty')} hint={t('audit.emptyHint')} /> : null}
          {items && items.length > 0 ? (
            <View className={`yb-admin-list ${log.loading ? 'yb-admin-list--stale' : ''}`} data-testid="audit-list">
              <Text className="yb-small">{t('audit.filterHint')}</Text>
              {items.map((entry) => (
                <EntryRow
                  key={entry.id}
                  entry={entry}
                  now={now}
                  onStaff={() => setFilters((f) => ({ ...f, actorStaffId: entry.actorStaffId }))}
                  onPatient={() =>
                    entry.patientId && setFilters((f) => ({ ...f, patient: { id: entry.patientId!, name: entry.patient?.name ?? t('audit.unnamed') } }))
                  }
                />
              ))}
            </View>
          ) : null}
          {log.moreError ? <InlineError message={t('admin.moreError', { message: log.moreError.message })} /> : null}
          {items && log.nextCursor ? (
            <View className="yb-grant__more">
              <Button size="large" block loading={log.loadingMore} disabled={log.loadingMore} onClick={() => void loadMore()} data-testid="audit-more">
                {log.loadingMore ? t('admin.loadingMore') : log.moreError ? t('common.retry') : t('admin.loadMore')}
              </Button>
            </View>
          ) : null}
          {items && items.length > 0 && !log.nextCursor ? <Text className="yb-small">{t('admin.allShown')}</Text> : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
