import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import {
  RESERVED_SLOT_OPEN_HOURS,
  checkTierPolicy,
  futureFactor,
  tierForValue,
  type MemberTier,
  type MembershipPolicyView,
  type RecomputeView,
  type TierPolicy,
} from '@yiban/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import type { MessageKey } from '../../../../i18n';
import { ApiRequestError, toApiError } from '../../../../services/errors';
import { membershipPolicy, recomputeRun, saveMembershipPolicy, startRecompute } from '../../../../services/membership-admin';
import { readJson, writeJson } from '../../../../services/storage';
import { formatFen } from '../../../../utils/money';
import { formatSentAt } from '../../../../utils/message-format';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { ALL_TIERS, TIERS_ABOVE_LEAD, fromDraft, grouped, problemsByPath, tierName, toDraft, trimNumber, type PolicyDraft } from '../../membership-admin';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../membership-admin.css';

const LAST_RUN_KEY = 'yiban.membership.recomputeRun';
const POLL_MS = 1_000;

/** The problems of one field, in words, under it. */
function FieldProblems(props: { problems?: string[]; mode: TierPolicy['mode'] }) {
  const { t } = useI18n();
  if (!props.problems?.length) return null;
  return (
    <>
      {props.problems.map((p) => (
        <Text key={p} className="yb-template-problem" data-testid="policy-problem">
          {t(`memberAdmin.problem.${p}` as MessageKey, { hint: t(`memberAdmin.thresholdsHint.${props.mode}`) })}
        </Text>
      ))}
    </>
  );
}

function NumberField(props: { label: string; value: string; onChange: (v: string) => void; testId: string; problems?: string[]; mode: TierPolicy['mode'] }) {
  return (
    <View className={`yb-field yb-member-field ${props.problems?.length ? 'yb-member-field--bad' : ''}`} data-testid={`${props.testId}-field`}>
      <Text className="yb-field__label">{props.label}</Text>
      <Input className="yb-input" type="digit" value={props.value} onInput={(e) => props.onChange(e.detail.value)} data-testid={props.testId} />
      <FieldProblems problems={props.problems} mode={props.mode} />
    </View>
  );
}

/** The formula in words, with the figures of the policy being edited (or the saved one while the draft is broken). */
function Formula(props: { policy: TierPolicy; cutoffs: TierPolicy['thresholds'] | null }) {
  const { t, locale } = useI18n();
  const v = props.policy.value;
  const factor = futureFactor(v);
  const spend = 1_000_000;
  const past = spend * v.marginRate;
  const value = Math.round(past + past * factor);
  const thresholds = props.policy.mode === 'value' ? props.policy.thresholds : props.cutoffs;
  return (
    <View className="yb-member-formula" data-testid="policy-formula">
      <Text className="yb-summary__title">{t('memberAdmin.formula')}</Text>
      <Text className="yb-member-formula__line">{t('memberAdmin.formulaText', { years: v.horizonYears })}</Text>
      <Text className="yb-member-formula__inputs" data-testid="policy-formula-inputs">
        {t('memberAdmin.formulaInputs', {
          r: trimNumber(v.retentionRate),
          d: trimNumber(v.discountRate),
          years: v.horizonYears,
          factor: factor.toFixed(3),
          margin: `${trimNumber(v.marginRate * 100, 2)}%`,
        })}
      </Text>
      <Text className="yb-muted">{t('memberAdmin.formulaActive')}</Text>
      <Text className="yb-member-formula__inputs" data-testid="policy-formula-example">
        {t('memberAdmin.formulaExample', {
          spend: formatFen(spend),
          past: formatFen(past),
          factor: factor.toFixed(3),
          value: formatFen(value),
          tier: thresholds ? tierName(tierForValue(value, thresholds), locale) : '—',
        })}
      </Text>
    </View>
  );
}

/** The tier policy's editor: checked in the page as the admin types (each problem under its field), then by the server. */
function PolicyEditor(props: { view: MembershipPolicyView; onSaved: (v: MembershipPolicyView) => void }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<PolicyDraft>(() => toDraft(props.view.policy));
  const [serverProblems, setServerProblems] = useState<{ path: string; problem: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const policy = fromDraft(draft);
  const local = checkTierPolicy(policy);
  const problems = problemsByPath([...local, ...serverProblems.filter((p) => !local.some((l) => l.path === p.path))]);
  const set = (patch: Partial<PolicyDraft>) => {
    setDraft({ ...draft, ...patch });
    setServerProblems([]);
  };
  const mode = draft.mode;
  const save = async () => {
    setError(null);
    if (local.length) return setError(t('memberAdmin.problems', { count: local.length }));
    setBusy(true);
    try {
      const saved = await saveMembershipPolicy(policy);
      void Taro.showToast({ title: t('memberAdmin.saved'), icon: 'none' });
      setServerProblems([]);
      props.onSaved(saved);
    } catch (e) {
      const err = toApiError(e, locale);
      if (err instanceof ApiRequestError && err.code === 'MEMBERSHIP_POLICY_INVALID' && Array.isArray(err.details?.problems))
        setServerProblems(err.details.problems as { path: string; problem: string }[]);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  // Problems show as soon as a field is wrong, under it; saving is refused in the page while any remain.
  const show = (path: string) => problems.get(path);
  const thresholdsKey = mode === 'value' ? 'valueThresholds' : 'percentThresholds';
  const shownPolicy = local.length ? props.view.policy : policy;
  return (
    <View className="yb-campaign-panel" data-testid="policy-editor" data-problems={local.length}>
      <View className="yb-field">
        <Text className="yb-field__label">{t('memberAdmin.mode')}</Text>
        <View className="yb-choices">
          {(['value', 'percentile'] as const).map((m) => (
            <Text key={m} className={`yb-choice ${mode === m ? 'yb-choice--on' : ''}`} onClick={() => set({ mode: m })} data-testid={`policy-mode-${m}`}>
              {t(`memberAdmin.mode.${m}`)}
            </Text>
          ))}
        </View>
        <FieldProblems problems={show('mode')} mode={mode} />
      </View>

      <Text className="yb-summary__title">{t('memberAdmin.thresholds')}</Text>
      <Text className="yb-muted">{t(`memberAdmin.thresholdsHint.${mode}`)}</Text>
      <View className="yb-member-grid">
        {TIERS_ABOVE_LEAD.map((tier) => (
          <NumberField
            key={tier}
            mode={mode}
            label={t(`memberAdmin.threshold.${mode}`, { tier: tierName(tier, locale) })}
            value={draft[thresholdsKey][tier]}
            onChange={(v) => set({ [thresholdsKey]: { ...draft[thresholdsKey], [tier]: v } })}
            testId={`policy-threshold-${tier}`}
            problems={show(`thresholds.${tier}`)}
          />
        ))}
      </View>
      <View data-testid="policy-thresholds-problems">
        <FieldProblems problems={show('thresholds')} mode={mode} />
      </View>
      {mode === 'percentile' && props.view.cutoffs ? (
        <Text className="yb-muted">
          {t('memberAdmin.cutoffs', {
            platinum: formatFen(props.view.cutoffs.platinum),
            gold: formatFen(props.view.cutoffs.gold),
            iron: formatFen(props.view.cutoffs.iron),
          })}
        </Text>
      ) : null}

      <Text className="yb-summary__title">{t('memberAdmin.valueModel')}</Text>
      <View className="yb-member-grid">
        {(['marginRate', 'retentionRate', 'discountRate', 'horizonYears'] as const).map((k) => (
          <NumberField
            key={k}
            mode={mode}
            label={t(`memberAdmin.${k}`)}
            value={draft[k]}
            onChange={(v) => set({ [k]: v })}
            testId={`policy-${k}`}
            problems={show(`value.${k}`)}
          />
        ))}
        <NumberField
          mode={mode}
          label={t('memberAdmin.graceDays')}
          value={draft.downgradeGraceDays}
          onChange={(v) => set({ downgradeGraceDays: v })}
          testId="policy-grace"
          problems={show('downgradeGraceDays')}
        />
      </View>
      <Text className="yb-muted">{t('memberAdmin.graceHint')}</Text>

      <Formula policy={shownPolicy} cutoffs={props.view.cutoffs} />

      {(['pointsMultiplier', 'feeDiscountPercent'] as const).map((group) => (
        <View key={group}>
          <Text className="yb-summary__title">{t(group === 'pointsMultiplier' ? 'memberAdmin.multipliers' : 'memberAdmin.discounts')}</Text>
          <View className="yb-member-grid">
            {ALL_TIERS.map((tier: MemberTier) => (
              <NumberField
                key={tier}
                mode={mode}
                label={tierName(tier, locale)}
                value={draft[group][tier]}
                onChange={(v) => set({ [group]: { ...draft[group], [tier]: v } })}
                testId={`policy-${group}-${tier}`}
                problems={show(`${group}.${tier}`)}
              />
            ))}
          </View>
        </View>
      ))}

      <Text className="yb-summary__title">{t('memberAdmin.reserved')}</Text>
      <Text className="yb-muted">{t('memberAdmin.reservedHint', { hours: RESERVED_SLOT_OPEN_HOURS })}</Text>

      <InlineError message={error} />
      <View className="yb-campaign-actions">
        <Button type="primary" loading={busy} disabled={busy} onClick={() => void save()} data-testid="policy-save">
          {t('memberAdmin.save')}
        </Button>
      </View>
    </View>
  );
}

/** The full recompute: start it, and watch it (phase, processed of total, changed) until it is done. */
function RecomputePanel() {
  const { t, locale } = useI18n();
  const [run, setRun] = useState<RecomputeView | null>(null);
  const [runId, setRunId] = useState<string | null>(() => readJson<string>(LAST_RUN_KEY));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Follows the run: once at first, then every second while it runs.
  useEffect(() => {
    if (!runId) return undefined;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await recomputeRun(runId);
        if (!live) return;
        setRun(next);
        setError(null);
        if (next.status === 'running') timer = setTimeout(() => void tick(), POLL_MS);
      } catch (e) {
        if (!live) return;
        const err = toApiError(e, locale);
        if (err.code === 'NOT_FOUND') {
          setRunId(null);
          return;
        }
        setError(err.message);
        timer = setTimeout(() => void tick(), POLL_MS * 3);
      }
    };
    void tick();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [runId, locale]);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = await startRecompute();
      writeJson(LAST_RUN_KEY, started.id);
      setRun(started);
      setRunId(started.id);
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };
  const now = new Date();
  const total = run?.total ?? 0;
  const share = run ? (run.status === 'done' ? 1 : total > 0 ? Math.min(1, run.processed / total) : 0) : 0;
  return (
    <View className="yb-campaign-panel" data-testid="recompute">
      <Text className="yb-summary__title">{t('memberAdmin.recompute')}</Text>
      <Text className="yb-muted">{t('memberAdmin.recomputeHint')}</Text>
      {!runId && !run ? <EmptyState title={t('memberAdmin.recompute')} hint={t('memberAdmin.recomputeNone')} /> : null}
      {runId && !run && !error ? <LoadingState /> : null}
      {run ? (
        <View className="yb-member-run" data-testid="recompute-run" data-status={run.status} data-phase={run.phase} aria-busy={run.status === 'running'}>
          <Text className="yb-member-run__status" data-testid="recompute-status">
            {t(`memberAdmin.run.${run.status}`)}
            {run.status === 'running' ? ` · ${t(`memberAdmin.phase.${run.phase}`)}` : ''}
          </Text>
          <View className="yb-member-run__bar" role="progressbar" aria-valuenow={Math.round(share * 100)} aria-valuemin={0} aria-valuemax={100}>
            <View
              className={`yb-member-run__fill ${run.status === 'running' ? 'yb-member-run__fill--moving' : ''}`}
              style={{ width: `${Math.round(share * 100)}%` }}
            />
          </View>
          <Text className="yb-summary__row" data-testid="recompute-progress">
            {t('memberAdmin.run.progress', { processed: grouped(run.processed), total: grouped(Math.max(total, run.processed)) })} ·{' '}
            {t('memberAdmin.run.changed', { n: grouped(run.changed) })}
          </Text>
          <Text className="yb-summary__row yb-small">
            {t('memberAdmin.run.started', { time: formatSentAt(run.startedAt, locale, now) })}
            {run.finishedAt ? ` · ${t('memberAdmin.run.finished', { time: formatSentAt(run.finishedAt, locale, now) })}` : ''}
          </Text>
        </View>
      ) : null}
      <InlineError message={error} />
      <View className="yb-campaign-actions">
        <Button type="primary" loading={busy} disabled={busy || run?.status === 'running'} onClick={() => void start()} data-testid="recompute-start">
          {t('memberAdmin.recomputeStart')}
        </Button>
      </View>
    </View>
  );
}

/** 会员政策 (admins): the tier policy, the value formula with its figures, and the full recompute. */
export default function MembershipPolicyPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const policy = useQuery(membershipPolicy, [], !!member);
  const [version, setVersion] = useState(0);
  usePullDownRefresh(() => {
    void policy.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const view = policy.data;
  const neverSaved = view && Date.parse(view.updatedAt) === 0;
  return (
    <Page title="memberAdmin.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="membershipPolicy" /> : <View />}
      <ConsoleMain>
        <View data-testid="membership-policy">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('memberAdmin.title')}</Text>
          </View>
          <Text className="yb-muted">{t('memberAdmin.intro')}</Text>
          {!member || (policy.loading && !view) ? <LoadingState /> : null}
          {policy.error && !view ? <ErrorState error={policy.error} title={t('memberAdmin.loadError')} onRetry={() => void policy.reload()} /> : null}
          {view ? (
            <>
              <Text className="yb-small" data-testid="policy-updated">
                {neverSaved ? t('memberAdmin.neverSaved') : t('memberAdmin.updatedAt', { time: formatSentAt(view.updatedAt, locale, new Date()) })}
              </Text>
              <PolicyEditor
                key={`${view.updatedAt}-${version}`}
                view={view}
                onSaved={() => {
                  setVersion((n) => n + 1);
                  void policy.reload();
                }}
              />
              <RecomputePanel />
            </>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
