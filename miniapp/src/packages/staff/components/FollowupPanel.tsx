import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { FollowupTemplateView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { InlineError, LoadingState } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import { useQuery } from '../../../hooks/use-query';
import { toApiError } from '../../../services/errors';
import { enrolPatient, followupTemplates, plansOfPatient, recordVisit } from '../../../services/followups';
import { useAppState } from '../../../store/app-store';
import { formatDate, hospitalDate } from '../../../utils/clinic-time';
import { InviteBox } from './InviteBox';

const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;

/**
 * Beside a patient (the chat's panel): their follow-up plans and what is next; enrolling them on a pathway; recording
 * a discharge or an outside visit for the staff member's department (which enrols matching pathways by itself).
 */
export function FollowupPanel(props: { patientId: string }) {
  const { t, locale } = useI18n();
  const member = useAppState((s) => s.staff.member);
  const plans = useQuery(() => plansOfPatient(props.patientId), [props.patientId, locale]);
  const templates = useQuery(followupTemplates, [locale]);
  const [template, setTemplate] = useState<FollowupTemplateView | null>(null);
  const [date, setDate] = useState(hospitalDate(new Date()));
  const [codes, setCodes] = useState('');
  const [ref, setRef] = useState('');
  const [busy, setBusy] = useState<'enrol' | 'discharge' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (kind: 'enrol' | 'discharge', work: () => Promise<unknown>, toast: string) => {
    setBusy(kind);
    setError(null);
    try {
      await work();
      void Taro.showToast({ title: toast, icon: 'none' });
      await plans.reload();
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };
  const discharge = () => {
    const diagnosisCodes = codes
      .split(/[\s,，、]+/)
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
    if (diagnosisCodes.some((c) => !ICD10.test(c))) return setError(t('care.badCodes'));
    if (!member?.departmentId) return setError(t('care.noDepartment'));
    return run(
      'discharge',
      () =>
        recordVisit({
          patientId: props.patientId,
          departmentId: member.departmentId!,
          date,
          encounterClass: 'inpatient',
          ...(diagnosisCodes.length && { diagnosisCodes }),
          ...(ref.trim() && { externalRef: ref.trim() }),
        }),
      t('care.dischargeRecorded'),
    );
  };
  const active = (plans.data ?? []).filter((p) => p.status === 'active');
  return (
    <View className="yb-summary__section" data-testid="followup-panel">
      <Text className="yb-summary__title">{t('care.plans')}</Text>
      {plans.loading && !plans.data ? <LoadingState /> : null}
      {plans.data && !active.length ? <Text className="yb-summary__row yb-small">{t('care.noPlans')}</Text> : null}
      {active.map((p) => {
        const next = p.tasks.find((task) => task.id === p.nextTaskId);
        return (
          <Text key={p.id} className="yb-summary__row" data-testid="followup-panel-plan">
            {p.templateName}
            {next ? ` · ${t('followups.next')}：${formatDate(next.dueOn, locale)} ${next.title}` : ''}
          </Text>
        );
      })}
      <Text className="yb-field__label">{t('care.enrol')}</Text>
      <View className="yb-choices">
        {(templates.data ?? [])
          .filter((tpl) => tpl.active)
          .map((tpl) => (
            <Text
              key={tpl.id}
              className={`yb-choice ${template?.id === tpl.id ? 'yb-choice--on' : ''}`}
              onClick={() => setTemplate(tpl)}
              data-testid={`followup-panel-template-${tpl.key}`}
            >
              {tpl.name}
            </Text>
          ))}
      </View>
      {template ? (
        <Button
          size="small"
          type="primary"
          loading={busy === 'enrol'}
          disabled={busy !== null}
          onClick={() => void run('enrol', () => enrolPatient(props.patientId, template.id), t('care.enrolled'))}
          data-testid="followup-panel-enrol"
        >
          {t('care.enrolIn', { name: template.name })}
        </Button>
      ) : null}
      {member?.departmentId ? (
        <View className="yb-field">
          <Text className="yb-field__label">{t('care.discharge')}</Text>
          <Text className="yb-small">{t('care.dischargeHint')}</Text>
          <Input className="yb-input" value={date} placeholder="YYYY-MM-DD" onInput={(e) => setDate(e.detail.value)} data-testid="followup-panel-date" />
          <Input
            className="yb-input"
            value={codes}
            placeholder={t('care.codesPlaceholder')}
            onInput={(e) => setCodes(e.detail.value)}
            data-testid="followup-panel-codes"
          />
          <Input
            className="yb-input"
            value={ref}
            placeholder={t('care.refPlaceholder')}
            onInput={(e) => setRef(e.detail.value)}
            data-testid="followup-panel-ref"
          />
          <Button size="small" loading={busy === 'discharge'} disabled={busy !== null} onClick={() => void discharge()} data-testid="followup-panel-discharge">
            {t('care.recordDischarge')}
          </Button>
        </View>
      ) : null}
      {member?.roles.some((r) => r === 'case_manager' || r === 'admin') ? <InviteBox patientId={props.patientId} /> : null}
      <InlineError message={error} />
    </View>
  );
}
