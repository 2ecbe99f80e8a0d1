import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { STAFF_ROLES, type DepartmentView, type StaffAccountView, type StaffRole } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { InlineError } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import type { MessageKey } from '../../../i18n';
import { createStaffAccount, resetStaffPassword, updateStaffAccount } from '../../../services/administration';
import { toApiError } from '../../../services/errors';
import { appStore } from '../../../store/app-store';
import { accountProblems, needsDepartment, passwordProblem, type AccountDraft, type AccountField, type AccountProblem } from '../../../utils/administration';

const PROBLEM_TEXT: Record<AccountProblem, MessageKey> = {
  required: 'accounts.problem.required',
  usernameChars: 'accounts.problem.usernameChars',
  usernameLength: 'accounts.problem.usernameLength',
  weak: 'accounts.problem.weak',
  needsDepartment: 'accounts.problem.needsDepartment',
};

const localeNow = () => appStore.get().prefs.locale;

function FieldProblem(props: { problem: AccountProblem | undefined; field: AccountField }) {
  const { t } = useI18n();
  if (!props.problem) return null;
  const key = props.field === 'roles' ? 'accounts.problem.rolesRequired' : PROBLEM_TEXT[props.problem];
  return (
    <Text className="yb-admin-problem" data-testid={`account-problem-${props.field}`}>
      {t(key)}
    </Text>
  );
}

/**
 * A staff account in a panel over the list: a new one (username, name, first password, roles, department), or an
 * existing one (name, roles, department; reset the password; disable or enable). Problems are said beside their
 * field before sending and go away as soon as they are fixed; the server's refusals come back in the same places.
 */
export function AccountEditor(props: {
  account: StaffAccountView | null;
  self: boolean;
  departments: DepartmentView[];
  onDone: (account: StaffAccountView) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const creating = !props.account;
  const [draft, setDraft] = useState<AccountDraft>(() => ({
    username: props.account?.username ?? '',
    displayName: props.account?.displayName ?? '',
    password: '',
    roles: props.account?.roles ?? [],
    departmentId: props.account?.departmentId ?? null,
  }));
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [resetTried, setResetTried] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [resetError, setResetError] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);

  // Said once the admin tried to send, and re-judged on every keystroke: a fixed field loses its problem at once.
  const problems = tried ? accountProblems(draft, creating) : {};
  const edit = (change: Partial<AccountDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setError(null);
  };
  const toggleRole = (role: StaffRole) => edit({ roles: draft.roles.includes(role) ? draft.roles.filter((r) => r !== role) : [...draft.roles, role] });
  const departmentNeeded = needsDepartment(draft.roles);
  const name = props.account?.displayName ?? draft.displayName;

  const serverProblem = (e: unknown): string => {
    const failure = toApiError(e, localeNow());
    return failure.message;
  };

  const save = async () => {
    setTried(true);
    if (Object.keys(accountProblems(draft, creating)).length) return;
    setSaving(true);
    setError(null);
    try {
      const saved = creating
        ? await createStaffAccount({
            username: draft.username.trim(),
            password: draft.password,
            displayName: draft.displayName.trim(),
            roles: draft.roles,
            ...(draft.departmentId ? { departmentId: draft.departmentId } : {}),
          })
        : await updateStaffAccount(props.account!.id, { displayName: draft.displayName.trim(), roles: draft.roles, departmentId: draft.departmentId });
      void Taro.showToast({ title: creating ? t('accounts.created', { name: saved.displayName }) : t('accounts.saved'), icon: 'none' });
      props.onDone(saved);
    } catch (e) {
      setError(serverProblem(e));
    } finally {
      setSaving(false);
    }
  };

  const reset = async () => {
    setResetTried(true);
    if (passwordProblem(newPassword)) return;
    const { confirm } = await Taro.showModal({ title: t('accounts.resetTitle'), content: t('accounts.resetConfirm', { name }) });
    if (!confirm) return;
    setResetting(true);
    setResetError(null);
    try {
      const saved = await resetStaffPassword(props.account!.id, newPassword);
      setNewPassword('');
      setResetTried(false);
      void Taro.showToast({ title: t('accounts.resetDone', { name }), icon: 'none' });
      props.onDone(saved);
    } catch (e) {
      setResetError(serverProblem(e));
    } finally {
      setResetting(false);
    }
  };

  const setActive = async (active: boolean) => {
    if (!active) {
      const { confirm } = await Taro.showModal({ title: t('accounts.disable'), content: t('accounts.disableConfirm', { name }) });
      if (!confirm) return;
    }
    setSwitching(true);
    setError(null);
    try {
      const saved = await updateStaffAccount(props.account!.id, { active });
      void Taro.showToast({ title: t(active ? 'accounts.enabledDone' : 'accounts.disabledDone', { name }), icon: 'none' });
      props.onDone(saved);
    } catch (e) {
      setError(serverProblem(e));
    } finally {
      setSwitching(false);
    }
  };

  const resetProblem = resetTried ? passwordProblem(newPassword) : null;
  return (
    <View className="yb-sheet">
      <View className="yb-sheet__mask" onClick={props.onClose} />
      <View className="yb-sheet__panel yb-account" data-testid="account-editor" data-mode={creating ? 'create' : 'edit'}>
        <View className="yb-console__bar">
          <Text className="yb-h2">{creating ? t('accounts.createTitle') : t('accounts.editTitle')}</Text>
          <Text className="yb-textbutton" onClick={props.onClose} data-testid="account-close">
            {t('admin.close')}
          </Text>
        </View>

        {creating ? (
          <View className="yb-field">
            <Text className="yb-field__label">{t('accounts.username')}</Text>
            <Input
              className="yb-input"
              value={draft.username}
              placeholder={t('accounts.usernamePlaceholder')}
              maxlength={64}
              onInput={(e) => edit({ username: e.detail.value })}
              data-testid="account-username"
            />
            <Text className="yb-small">{t('accounts.usernameHint')}</Text>
            <FieldProblem problem={problems.username} field="username" />
          </View>
        ) : (
          <View className="yb-field">
            <Text className="yb-field__label">{t('accounts.username')}</Text>
            <Text className="yb-account__username">{props.account!.username}</Text>
          </View>
        )}

        <View className="yb-field">
          <Text className="yb-field__label">{t('accounts.displayName')}</Text>
          <Input
            className="yb-input"
            value={draft.displayName}
            placeholder={t('accounts.displayNamePlaceholder')}
            maxlength={64}
            onInput={(e) => edit({ displayName: e.detail.value })}
            data-testid="account-display-name"
          />
          <FieldProblem problem={problems.displayName} field="displayName" />
        </View>

        {creating ? (
          <View className="yb-field">
            <Text className="yb-field__label">{t('accounts.password')}</Text>
            <Input
              className="yb-input"
              password
              value={draft.password}
              maxlength={128}
              onInput={(e) => edit({ password: e.detail.value })}
              data-testid="account-password"
            />
            <Text className="yb-small">{t('accounts.passwordHint')}</Text>
            <FieldProblem problem={problems.password} field="password" />
          </View>
        ) : null}

        <View className="yb-field">
          <Text className="yb-field__label">{t('accounts.roles')}</Text>
          <View className="yb-choices" data-testid="account-roles">
            {STAFF_ROLES.map((role) => (
              <Text
                key={role}
                className={`yb-choice ${draft.roles.includes(role) ? 'yb-choice--on' : ''}`}
                data-value={role}
                data-on={draft.roles.includes(role) ? 'yes' : 'no'}
                onClick={() => (props.self && role === 'admin' ? undefined : toggleRole(role))}
              >
                {t(`role.${role}`)}
              </Text>
            ))}
          </View>
          <FieldProblem problem={problems.roles} field="roles" />
          {!creating ? <Text className="yb-small">{t('accounts.rolesNote')}</Text> : null}
        </View>

        <View className="yb-field">
          <Text className="yb-field__label">{departmentNeeded ? t('accounts.department') : t('accounts.departmentOptional')}</Text>
          <View className="yb-choices" data-testid="account-departments">
            {departmentNeeded ? null : (
              <Text className={`yb-choice ${draft.departmentId === null ? 'yb-choice--on' : ''}`} data-value="" onClick={() => edit({ departmentId: null })}>
                {t('accounts.noDepartment')}
              </Text>
            )}
            {props.departments.map((d) => (
              <Text
                key={d.id}
                className={`yb-choice ${draft.departmentId === d.id ? 'yb-choice--on' : ''}`}
                data-value={d.id}
                onClick={() => edit({ departmentId: d.id })}
              >
                {d.name}
              </Text>
            ))}
          </View>
          <FieldProblem problem={problems.departmentId} field="departmentId" />
        </View>

        <InlineError message={error} />
        <Button type="primary" size="large" block loading={saving} disabled={saving} onClick={() => void save()} data-testid="account-save">
          {creating ? (saving ? t('accounts.creating') : t('accounts.create')) : saving ? t('accounts.saving') : t('accounts.save')}
        </Button>

        {!creating ? (
          <>
            <View className="yb-account__section" data-testid="account-reset">
              <Text className="yb-field__label">{t('accounts.resetTitle')}</Text>
              <Text className="yb-small">{t('accounts.resetHint')}</Text>
              <Input
                className="yb-input"
                password
                value={newPassword}
                placeholder={t('accounts.newPassword')}
                maxlength={128}
                onInput={(e) => {
                  setNewPassword(e.detail.value);
                  setResetError(null);
                }}
                data-testid="account-new-password"
              />
              {resetProblem ? (
                <Text className="yb-admin-problem" data-testid="account-problem-newPassword">
                  {t(resetProblem === 'empty' ? 'accounts.problem.required' : 'accounts.problem.weak')}
                </Text>
              ) : null}
              <InlineError message={resetError} />
              <Button size="large" block loading={resetting} disabled={resetting} onClick={() => void reset()} data-testid="account-reset-submit">
                {resetting ? t('accounts.resetting') : t('accounts.reset')}
              </Button>
            </View>
            <View className="yb-account__section" data-testid="account-state">
              <Text className="yb-field__label">{t('accounts.stateTitle')}</Text>
              {props.self ? (
                <Text className="yb-small">{t('accounts.selfNote')}</Text>
              ) : props.account!.active ? (
                <>
                  <Text className="yb-small">{t('accounts.disableHint')}</Text>
                  <Button
                    size="large"
                    block
                    type="danger"
                    loading={switching}
                    disabled={switching}
                    onClick={() => void setActive(false)}
                    data-testid="account-disable"
                  >
                    {t('accounts.disable')}
                  </Button>
                </>
              ) : (
                <>
                  <Text className="yb-small">{t('accounts.enableHint')}</Text>
                  <Button
                    size="large"
                    block
                    type="primary"
                    loading={switching}
                    disabled={switching}
                    onClick={() => void setActive(true)}
                    data-testid="account-enable"
                  >
                    {t('accounts.enable')}
                  </Button>
                </>
              )}
            </View>
          </>
        ) : null}
      </View>
    </View>
  );
}
