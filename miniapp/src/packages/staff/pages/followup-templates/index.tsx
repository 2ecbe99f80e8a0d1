import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import {
  FOLLOWUP_STEP_KINDS,
  type FollowupStep,
  type FollowupTemplateProblem,
  type FollowupTemplateView,
  type SaveFollowupTemplateRequest,
} from '@yiban/shared';
import { useState } from 'react';
import { Switch } from '../../../../components/nut-form';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import type { MessageKey } from '../../../../i18n';
import { ApiRequestError, toApiError } from '../../../../services/errors';
import { createFollowupTemplate, followupTemplates, updateFollowupTemplate } from '../../../../services/followups';
import { listSurveyTemplates } from '../../../../services/surveys';
import { blankPathway, newStep, prefixesFromText, problemsByStep, toRequest } from '../../../../utils/followup-draft';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

const TRIGGERS = [null, 'visit', 'discharge'] as const;

function Problems(props: { problems: FollowupTemplateProblem[] }) {
  const { t } = useI18n();
  return (
    <>
      {props.problems.map((p, i) => (
        <Text key={i} className="yb-template-problem" data-testid="pathway-problem">
          {t('pathways.problem', { path: p.path, problem: t(`pathways.why.${p.problem}` as MessageKey) })}
        </Text>
      ))}
    </>
  );
}

function TextField(props: { label: string; value: string; onChange: (v: string) => void; testId?: string; placeholder?: string }) {
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{props.label}</Text>
      <Input
        className="yb-input"
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => props.onChange(e.detail.value)}
        data-testid={props.testId}
      />
    </View>
  );
}

/** One step: its day, kind, words, and what it needs (the questionnaire, the article tag); its problems beside it. */
function StepEditor(props: {
  step: FollowupStep;
  index: number;
  questionnaires: { key: string; title: string }[];
  problems: FollowupTemplateProblem[];
  onChange: (s: FollowupStep) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const { step } = props;
  return (
    <View className="yb-admin-row" data-testid="pathway-step" data-kind={step.kind}>
      <View className="yb-toolbar">
        <Text className="yb-toolbar__label">{t('pathways.day')}</Text>
        <Input
          className="yb-input yb-input--short"
          type="number"
          value={String(step.offsetDays)}
          onInput={(e) => props.onChange({ ...step, offsetDays: Number.parseInt(e.detail.value, 10) || 0 })}
          data-testid="pathway-step-day"
        />
        <View className="yb-choices">
          {FOLLOWUP_STEP_KINDS.map((k) => (
            <Text
              key={k}
              className={`yb-choice ${step.kind === k ? 'yb-choice--on' : ''}`}
              onClick={() =>
                props.onChange({ offsetDays: step.offsetDays, kind: k, title: step.title, ...(k === 'questionnaire' && { questionnaireKey: 'post_op' }) })
              }
            >
              {t(`followups.kind.${k}`)}
            </Text>
          ))}
        </View>
        <Text className="yb-textbutton" onClick={props.onRemove} data-testid="pathway-step-remove">
          {t('pathways.remove')}
        </Text>
      </View>
      <TextField label={t('pathways.stepTitle')} value={step.title} onChange={(title) => props.onChange({ ...step, title })} testId="pathway-step-title" />
      <TextField label={t('pathways.stepTitleEn')} value={step.titleEn ?? ''} onChange={(titleEn) => props.onChange({ ...step, titleEn })} />
      {step.kind === 'questionnaire' ? (
        <View className="yb-choices">
          {props.questionnaires.map((q) => (
            <Text
              key={q.key}
              className={`yb-choice ${step.questionnaireKey === q.key ? 'yb-choice--on' : ''}`}
              onClick={() => props.onChange({ ...step, questionnaireKey: q.key })}
            >
              {q.title}
            </Text>
          ))}
        </View>
      ) : null}
      {step.kind === 'education' ? (
        <TextField label={t('pathways.articleTag')} value={step.articleTag ?? ''} onChange={(articleTag) => props.onChange({ ...step, articleTag })} />
      ) : null}
      <Problems problems={props.problems} />
    </View>
  );
}

/** A pathway's editor: names, when it enrols by itself, its steps; checked by the server with each problem beside its step. */
function PathwayEditor(props: { template: FollowupTemplateView | null; onSaved: () => void; onClose: () => void }) {
  const { t, locale } = useI18n();
  const creating = !props.template;
  const [draft, setDraft] = useState<SaveFollowupTemplateRequest>(props.template ? { ...props.template.edit } : blankPathway());
  const [prefixes, setPrefixes] = useState(draft.match.diagnosisPrefixes.join(', '));
  const [problems, setProblems] = useState<FollowupTemplateProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const questionnaires = useQuery(listSurveyTemplates, [locale]);
  const followupQuestionnaires = (questionnaires.data ?? [])
    .filter((q) => q.purpose === 'followup' && q.publishedVersion > 0)
    .map((q) => ({ key: q.key, title: q.title }));
  const byStep = problemsByStep(problems);
  const setSteps = (steps: FollowupStep[]) => setDraft({ ...draft, steps });
  const save = async () => {
    setBusy(true);
    setError(null);
    setProblems([]);
    const body = toRequest({ ...draft, match: { ...draft.match, diagnosisPrefixes: prefixesFromText(prefixes) } }, creating);
    try {
      if (props.template) await updateFollowupTemplate(props.template.id, body);
      else await createFollowupTemplate(body);
      void Taro.showToast({ title: t('pathways.saved'), icon: 'none' });
      props.onSaved();
    } catch (e) {
      const err = toApiError(e, locale);
      if (err instanceof ApiRequestError && err.code === 'FOLLOWUP_TEMPLATE_INVALID' && Array.isArray(err.details?.problems))
        setProblems(err.details.problems as FollowupTemplateProblem[]);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="yb-campaign-panel" data-testid="pathway-editor">
      {creating ? (
        <TextField
          label={t('pathways.key')}
          value={draft.key ?? ''}
          onChange={(key) => setDraft({ ...draft, key })}
          placeholder="knee_replacement"
          testId="pathway-key"
        />
      ) : null}
      <TextField label={t('pathways.name')} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} testId="pathway-name" />
      <TextField label={t('pathways.nameEn')} value={draft.nameEn ?? ''} onChange={(nameEn) => setDraft({ ...draft, nameEn })} />
      <TextField label={t('pathways.description')} value={draft.description ?? ''} onChange={(description) => setDraft({ ...draft, description })} />
      <View className="yb-field">
        <Text className="yb-field__label">{t('pathways.enrols')}</Text>
        <View className="yb-choices">
          {TRIGGERS.map((on) => (
            <Text
              key={String(on)}
              className={`yb-choice ${draft.match.on === on ? 'yb-choice--on' : ''}`}
              onClick={() => setDraft({ ...draft, match: { ...draft.match, on } })}
              data-testid={`pathway-on-${String(on)}`}
            >
              {t(`pathways.on.${String(on)}` as MessageKey)}
            </Text>
          ))}
        </View>
      </View>
      {draft.match.on ? (
        <TextField label={t('pathways.prefixes')} value={prefixes} onChange={setPrefixes} placeholder="I10, E11, K35" testId="pathway-prefixes" />
      ) : null}
      <View className="yb-toolbar">
        <Text className="yb-toolbar__label">{t('pathways.active')}</Text>
        <Switch checked={draft.active} onChange={(active: boolean) => setDraft({ ...draft, active })} />
      </View>
      <Problems problems={byStep.get(-1) ?? []} />
      <View className="yb-admin-list">
        {draft.steps.map((step, i) => (
          <StepEditor
            key={i}
            step={step}
            index={i}
            questionnaires={followupQuestionnaires}
            problems={byStep.get(i) ?? []}
            onChange={(next) => setSteps(draft.steps.map((s, j) => (j === i ? next : s)))}
            onRemove={() => setSteps(draft.steps.filter((_, j) => j !== i))}
          />
        ))}
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('pathways.addStep')}</Text>
        <View className="yb-choices">
          {FOLLOWUP_STEP_KINDS.map((k) => (
            <Text key={k} className="yb-choice" onClick={() => setSteps([...draft.steps, newStep(k, draft.steps)])} data-testid={`pathway-add-${k}`}>
              + {t(`followups.kind.${k}`)}
            </Text>
          ))}
        </View>
      </View>
      <InlineError message={error} />
      <View className="yb-campaign-actions">
        <Button type="primary" loading={busy} disabled={busy} onClick={() => void save()} data-testid="pathway-save">
          {t('pathways.save')}
        </Button>
        <Button disabled={busy} onClick={props.onClose}>
          {t('pathways.close')}
        </Button>
      </View>
    </View>
  );
}

/** 随访方案: the pathways (steps at day offsets, which visits enrol by themselves), added and changed by case managers and admins. */
export default function FollowupTemplatesPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const list = useQuery(followupTemplates, [], !!member);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const items = list.data;
  const canEdit = !!member?.roles.some((r) => r === 'case_manager' || r === 'admin');
  const summary = (tpl: FollowupTemplateView) =>
    tpl.match.on
      ? t('pathways.auto', { on: t(`pathways.on.${tpl.match.on}` as MessageKey), codes: tpl.match.diagnosisPrefixes.join(', ') || t('pathways.anyDiagnosis') })
      : t('pathways.manual');
  return (
    <Page title="pathways.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="followupTemplates" /> : <View />}
      <ConsoleMain>
        <View data-testid="pathways">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('pathways.title')}</Text>
            {canEdit && editing !== 'new' ? (
              <Text className="yb-textbutton" onClick={() => setEditing('new')} data-testid="pathway-new">
                {t('pathways.new')}
              </Text>
            ) : null}
          </View>
          <Text className="yb-muted">{t('pathways.intro')}</Text>
          {editing === 'new' ? (
            <PathwayEditor
              template={null}
              onSaved={() => {
                setEditing(null);
                void list.reload();
              }}
              onClose={() => setEditing(null)}
            />
          ) : null}
          {!member || (list.loading && !items) ? <LoadingState /> : null}
          {list.error && !items ? <ErrorState error={list.error} title={t('pathways.loadError')} onRetry={() => void list.reload()} /> : null}
          {items && !items.length ? <EmptyState title={t('pathways.empty')} hint={t('pathways.emptyHint')} /> : null}
          <View className="yb-admin-list">
            {(items ?? []).map((tpl) => (
              <View key={tpl.id} className="yb-admin-row" data-testid="pathway-row" data-key={tpl.key} data-active={tpl.active ? 'yes' : 'no'}>
                <View className="yb-admin-row__head">
                  <Text className="yb-admin-row__title">{tpl.name}</Text>
                  <Text className={`yb-admin-tag ${tpl.active ? '' : 'yb-admin-tag--warn'}`}>
                    {tpl.active ? t('pathways.activeTag') : t('pathways.inactiveTag')}
                  </Text>
                </View>
                {tpl.description ? <Text className="yb-admin-row__meta">{tpl.description}</Text> : null}
                <Text className="yb-admin-row__meta">{summary(tpl)}</Text>
                <View className="yb-admin-row__tags">
                  {tpl.steps.map((s) => (
                    <Text key={s.index} className="yb-admin-row__meta">
                      {t('pathways.stepLine', { day: s.offsetDays, kind: t(`followups.kind.${s.kind}`), title: s.titleShown })}
                    </Text>
                  ))}
                </View>
                {canEdit ? (
                  editing === tpl.id ? (
                    <PathwayEditor
                      template={tpl}
                      onSaved={() => {
                        setEditing(null);
                        void list.reload();
                      }}
                      onClose={() => setEditing(null)}
                    />
                  ) : (
                    <Text className="yb-textbutton" onClick={() => setEditing(tpl.id)} data-testid="pathway-edit">
                      {t('pathways.edit')}
                    </Text>
                  )
                ) : null}
              </View>
            ))}
          </View>
        </View>
      </ConsoleMain>
    </Page>
  );
}
