import { Input, Text, View } from '@tarojs/components';
import { STAFF_ROLES, type StaffAccountView, type StaffRole } from '@yiban/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useNow } from '../../../../hooks/use-now';
import { useQuery } from '../../../../hooks/use-query';
import { listStaffAccounts } from '../../../../services/administration';
import { listDepartments } from '../../../../services/catalog';
import { formatSentAt } from '../../../../utils/message-format';
import { AccountEditor } from '../../components/AccountEditor';
import { ChoiceRow } from '../../components/ChoiceRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

type RoleFilter = StaffRole | 'all';
type StateFilter = 'all' | 'true' | 'false';

/** Waits until typing stops before the list asks the server again. */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function AccountRow(props: { account: StaffAccountView; you: boolean; departmentName: string | null; now: Date; onOpen: () => void }) {
  const { t, locale } = useI18n();
  const a = props.account;
  return (
    <View
      className={`yb-admin-row yb-admin-row--link ${a.active ? '' : 'yb-admin-row--off'}`}
      data-testid="account-row"
      data-username={a.username}
      data-active={a.active ? 'yes' : 'no'}
      onClick={props.onOpen}
    >
      <View className="yb-admin-row__head">
        <Text className="yb-admin-row__title">{a.displayName}</Text>
        <Text className="yb-admin-row__sub">{a.username}</Text>
        {props.you ? <Text className="yb-st yb-st--good">{t('accounts.you')}</Text> : null}
        <Text className={`yb-st ${a.active ? 'yb-st--good' : 'yb-st--bad'}`} data-testid="account-state-badge">
          {a.active ? t('accounts.active') : t('accounts.disabled')}
        </Text>
      </View>
      <View className="yb-admin-row__tags">
        {a.roles.map((r) => (
          <Text key={r} className="yb-admin-tag" data-testid="account-role">
            {t(`role.${r}`)}
          </Text>
        ))}
        <Text className="yb-admin-row__meta">{props.departmentName ?? t('accounts.noDepartment')}</Text>
      </View>
      <Text className="yb-admin-row__meta">
        {a.lastLoginAt ? t('accounts.lastLogin', { time: formatSentAt(a.lastLoginAt, locale, props.now) }) : t('accounts.neverLoggedIn')}
      </Text>
      <Text className="yb-link yb-admin-row__go">›</Text>
    </View>
  );
}

/** 员工与角色 (admins): find an account, create one, change its roles and department, reset its password, disable it. */
export default function StaffAccountsPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const now = useNow(60_000);
  const [search, setSearch] = useState('');
  const q = useSettled(search);
  const [role, setRole] = useState<RoleFilter>('all');
  const [state, setState] = useState<StateFilter>('all');
  const [editing, setEditing] = useState<StaffAccountView | 'new' | null>(null);

  const accounts = useQuery(
    () => listStaffAccounts({ q, role: role === 'all' ? undefined : role, active: state === 'all' ? undefined : state === 'true' }),
    [q, role, state],
    !!member,
  );
  const departments = useQuery(listDepartments, [locale], !!member);
  const departmentName = (id: string | null) => (id ? (departments.data?.find((d) => d.id === id)?.name ?? null) : null);

  const done = (saved: StaffAccountView) => {
    // A new account is opened for its next step; an edited one stays open with its new state.
    setEditing(saved);
    void accounts.reload();
  };

  const items = accounts.data;
  return (
    <Page title="accounts.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="staff" /> : <View />}
      <ConsoleMain>
        <View data-testid="staff-accounts">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('accounts.title')}</Text>
            <Button type="primary" onClick={() => setEditing('new')} disabled={!departments.data} data-testid="account-new">
              {t('accounts.new')}
            </Button>
          </View>
          <Text className="yb-muted">{t('accounts.intro')}</Text>

          <View className="yb-admin-filters">
            <Input
              className="yb-input yb-admin-search"
              value={search}
              placeholder={t('accounts.search')}
              onInput={(e) => setSearch(e.detail.value)}
              data-testid="account-search"
            />
            <ChoiceRow
              label={t('accounts.role')}
              testId="account-filter-role"
              value={role}
              onChange={setRole}
              options={[{ value: 'all' as RoleFilter, label: t('admin.all') }, ...STAFF_ROLES.map((r) => ({ value: r as RoleFilter, label: t(`role.${r}`) }))]}
            />
            <ChoiceRow
              label={t('accounts.state')}
              testId="account-filter-state"
              value={state}
              onChange={setState}
              options={[
                { value: 'all', label: t('admin.all') },
                { value: 'true', label: t('accounts.active') },
                { value: 'false', label: t('accounts.disabled') },
              ]}
            />
          </View>

          {!member || (accounts.loading && !items) ? <LoadingState /> : null}
          {accounts.error && !items ? <ErrorState error={accounts.error} title={t('accounts.loadError')} onRetry={() => void accounts.reload()} /> : null}
          {accounts.error && items ? <InlineError message={accounts.error.message} /> : null}
          {items && items.length === 0 ? <EmptyState title={t('accounts.empty')} hint={t('accounts.emptyHint')} /> : null}
          {items && items.length > 0 ? (
            <View className="yb-admin-list" data-testid="account-list">
              <Text className="yb-small">{t('accounts.count', { n: items.length })}</Text>
              {items.map((a) => (
                <AccountRow
                  key={a.id}
                  account={a}
                  you={a.id === member?.id}
                  departmentName={departmentName(a.departmentId)}
                  now={now}
                  onOpen={() => setEditing(a)}
                />
              ))}
            </View>
          ) : null}
        </View>
        {editing && departments.data ? (
          <AccountEditor
            key={editing === 'new' ? 'new' : `${editing.id}:${editing.active}`}
            account={editing === 'new' ? null : editing}
            self={editing !== 'new' && editing.id === member?.id}
            departments={departments.data}
            onDone={done}
            onClose={() => setEditing(null)}
          />
        ) : null}
      </ConsoleMain>
    </Page>
  );
}
