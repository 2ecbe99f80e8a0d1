import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import {
  QUALITY_DIMENSIONS,
  QUALITY_DIMENSION_LABELS,
  QUESTION_KINDS,
  TOUCHPOINTS,
  TOUCHPOINT_LABELS,
  type QuestionItem,
  type QuestionKind,
  type QuestionnaireDefinition,
  type QuestionnaireProblem,
  type SurveyTemplateView,
  type SurveyTriggerSettings,
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
import { listSurveyTemplates, publishSurveyTemplate, saveSurveyDraft, surveyTriggers, updateSurveyTrigger } from '../../../../services/surveys';
import { moveItem, newItem, optionsToText, problemsByItem, textToOptions } from '../../../../utils/questionnaire-draft';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { labelOf } from '../../components/quality-chart-data';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

type Problems = QuestionnaireProblem[];

/** One labelled text box. */
function Field(props: { label: string; value: string; onChange: (v: string) => void; testId?: string; multiline?: boolean; width?: 'short' }) {
  return (
    <View className={`yb-field ${props.width === 'short' ? 'yb-field--short' : ''}`}>
      <Text className="yb-field__label">{props.label}</Text>
      {props.multiline ? (
        <Textarea
          className="yb-campaign-textarea"
          value={props.value}
          maxlength={2000}
          onInput={(e) => props.onChange(e.detail.value)}
          data-testid={props.testId}
        />
      ) : (
        <Input className="yb-input" value={props.value} onInput={(e) => props.onChange(e.detail.value)} data-testid={props.testId} />
      )}
    </View>
  );
}

/** A row of chips choosing one code (or none, when `none` is given). */
function Chips<T extends string>(props: {
  label: string;
  options: readonly T[];
  value: T | undefined;
  name: (v: T) => string;
  none?: string;
  onChange: (v: T | undefined) => void;
}) {
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{props.label}</Text>
      <View className="yb-choices">
        {props.none ? (
          <Text className={`yb-choice ${props.value === undefined ? 'yb-choice--on' : ''}`} onClick={() => props.onChange(undefined)}>
            {props.none}
          </Text>
        ) : null}
        {props.options.map((o) => (
          <Text key={o} className={`yb-choice ${props.value === o ? 'yb-choice--on' : ''}`} onClick={() => props.onChange(o)}>
            {props.name(o)}
          </Text>
        ))}
      </View>
    </View>
  );
}

const num = (text: string) => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));

/** One item's controls: its kind's fields, its quality tags, moving and removing it; its problems beside it. */
function ItemEditor(props: {
  item: QuestionItem;
  index: number;
  count: number;
  problems: Problems;
  onChange: (i: QuestionItem) => void;
  onMove: (d: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t, locale } = useI18n();
  const { item } = props;
  const set = (patch: Partial<QuestionItem>) => props.onChange({ ...item, ...patch });
  const [optionsText, setOptionsText] = useState(optionsToText(item.options));
  return (
    <View className="yb-admin-row yb-template-item" data-testid="template-item" data-item-id={item.id} data-kind={item.kind}>
      <View className="yb-admin-row__head">
        <Text className="yb-admin-row__title">
          {props.index + 1}. {t(`templates.kind.${item.kind}`)} · {item.id}
        </Text>
        <View className="yb-campaign-actions">
          <Text className="yb-textbutton" onClick={() => props.onMove(-1)}>
            {t('templates.up')}
          </Text>
          <Text className="yb-textbutton" onClick={() => props.onMove(1)}>
            {t('templates.down')}
          </Text>
          <Text className="yb-textbutton" onClick={props.onRemove} data-testid="template-item-remove">
            {t('templates.remove')}
          </Text>
        </View>
      </View>
      <Field label={t('templates.text')} value={item.text} onChange={(text) => set({ text })} testId="template-item-text" />
      <Field label={t('templates.textEn')} value={item.textEn ?? ''} onChange={(v) => set({ textEn: v || undefined })} />
      <View className="yb-template-row">
        <Text className="yb-field__label">{t('templates.required')}</Text>
        <Switch checked={Boolean(item.required)} onChange={(v: boolean) => set({ required: v || undefined })} />
      </View>
      {item.kind === 'likert' ? (
        <Chips
          label={t('templates.scale')}
          options={['5', '7'] as const}
          value={String(item.scale ?? 5) as '5' | '7'}
          name={(v) => v}
          onChange={(v) => set({ scale: v === '7' ? 7 : 5 })}
        />
      ) : null}
      {item.kind === 'single' || item.kind === 'multiple' ? (
        <Field
          label={t('templates.options')}
          multiline
          value={optionsText}
          onChange={(v) => {
            setOptionsText(v);
            set({ options: textToOptions(v) });
          }}
          testId="template-item-options"
        />
      ) : null}
      {item.kind === 'number' ? (
        <View className="yb-template-row">
          <Field width="short" label={t('templates.unit')} value={item.unit ?? ''} onChange={(v) => set({ unit: v || undefined })} />
          <Field width="short" label={t('templates.min')} value={item.min === undefined ? '' : String(item.min)} onChange={(v) => set({ min: num(v) })} />
          <Field width="short" label={t('templates.max')} value={item.max === undefined ? '' : String(item.max)} onChange={(v) => set({ max: num(v) })} />
          <Field
            width="short"
            label={t('templates.redAbove')}
            value={item.redFlag?.above === undefined ? '' : String(item.redFlag.above)}
            onChange={(v) => set({ redFlag: num(v) === undefined && item.redFlag?.below === undefined ? undefined : { ...item.redFlag, above: num(v) } })}
          />
          <Field
            width="short"
            label={t('templates.redBelow')}
            value={item.redFlag?.below === undefined ? '' : String(item.redFlag.below)}
            onChange={(v) => set({ redFlag: num(v) === undefined && item.redFlag?.above === undefined ? undefined : { ...item.redFlag, below: num(v) } })}
          />
        </View>
      ) : null}
      {item.kind === 'text' ? (
        <View className="yb-template-row">
          <Text className="yb-field__label">{t('templates.complaint')}</Text>
          <Switch checked={Boolean(item.complaint)} onChange={(v: boolean) => set({ complaint: v || undefined })} />
        </View>
      ) : null}
      {item.kind === 'likert' || item.kind === 'nps' ? (
        <>
          <Chips
            label={t('templates.dimension')}
            options={QUALITY_DIMENSIONS}
            value={item.dimension}
            none={t('templates.none')}
            name={(d) => labelOf(QUALITY_DIMENSION_LABELS[d], locale)}
            onChange={(dimension) => set({ dimension })}
          />
          <Chips
            label={t('templates.touchpoint')}
            options={TOUCHPOINTS}
            value={item.touchpoint}
            none={t('templates.none')}
            name={(p) => labelOf(TOUCHPOINT_LABELS[p], locale)}
            onChange={(touchpoint) => set({ touchpoint })}
          />
        </>
      ) : null}
      {item.kind === 'likert' ? (
        <View className="yb-template-row">
          <Field
            width="short"
            label={t('templates.pairKey')}
            value={item.pair?.key ?? ''}
            onChange={(key) => set({ pair: key ? { key, role: item.pair?.role ?? 'perception' } : undefined })}
          />
          {item.pair ? (
            <Chips
              label={t('templates.pairRole')}
              options={['expectation', 'perception'] as const}
              value={item.pair.role}
              name={(r) => t(r === 'expectation' ? 'surveys.expectation' : 'surveys.perception')}
              onChange={(role) => set({ pair: { key: item.pair!.key, role: role ?? 'perception' } })}
            />
          ) : null}
        </View>
      ) : null}
      {item.showIf ? <Text className="yb-small">{t('templates.conditional', { item: item.showIf.itemId })}</Text> : null}
      {props.problems.map((p, i) => (
        <Text key={i} className="yb-template-problem" data-testid="template-problem">
          {t(`templates.why.${p.problem}` as MessageKey)}
        </Text>
      ))}
    </View>
  );
}

/** The draft of one template: title, intro, items; saved as a new version (checked by the server), then published. */
function TemplateEditor(props: { template: SurveyTemplateView; onSaved: (t: SurveyTemplateView) => void; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<QuestionnaireDefinition>(props.template.definition);
  const [problems, setProblems] = useState<Problems>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const byItem = problemsByItem(problems);
  const setItems = (items: QuestionItem[]) => setDraft({ ...draft, items });
  const save = async () => {
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      props.onSaved(await saveSurveyDraft(props.template.id, draft));
      void Taro.showToast({ title: t('templates.saved'), icon: 'none' });
    } catch (e) {
      const err = toApiError(e, locale);
      if (err instanceof ApiRequestError && err.code === 'SURVEY_TEMPLATE_INVALID' && Array.isArray(err.details?.problems))
        setProblems(err.details.problems as Problems);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="yb-campaign-panel" data-testid="template-editor">
      <Field label={t('templates.title')} value={draft.title} onChange={(title) => setDraft({ ...draft, title })} testId="template-title" />
      <Field label={t('templates.titleEn')} value={draft.titleEn ?? ''} onChange={(v) => setDraft({ ...draft, titleEn: v || undefined })} />
      <Field label={t('templates.introField')} multiline value={draft.intro ?? ''} onChange={(v) => setDraft({ ...draft, intro: v || undefined })} />
      <Field label={t('templates.introEnField')} multiline value={draft.introEn ?? ''} onChange={(v) => setDraft({ ...draft, introEn: v || undefined })} />
      {(byItem.get(-1) ?? []).map((p, i) => (
        <Text key={i} className="yb-template-problem" data-testid="template-problem">
          {t('templates.problem', { path: p.path, problem: t(`templates.why.${p.problem}` as MessageKey) })}
        </Text>
      ))}
      <View className="yb-admin-list">
        {draft.items.map((item, i) => (
          <ItemEditor
            key={item.id}
            item={item}
            index={i}
            count={draft.items.length}
            problems={byItem.get(i) ?? []}
            onChange={(next) => setItems(draft.items.map((x, j) => (j === i ? next : x)))}
            onMove={(d) => setItems(moveItem(draft.items, i, d))}
            onRemove={() => setItems(draft.items.filter((_, j) => j !== i))}
          />
        ))}
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('templates.add')}</Text>
        <View className="yb-choices">
          {QUESTION_KINDS.map((k: QuestionKind) => (
            <Text key={k} className="yb-choice" onClick={() => setItems([...draft.items, newItem(k, draft.items)])} data-testid={`template-add-${k}`}>
              + {t(`templates.kind.${k}`)}
            </Text>
          ))}
        </View>
      </View>
      <InlineError message={error} />
      <View className="yb-campaign-actions">
        <Button type="primary" loading={busy} disabled={busy} onClick={() => void save()} data-testid="template-save">
          {t('templates.saveDraft')}
        </Button>
        <Button disabled={busy} onClick={props.onClose}>
          {t('templates.close')}
        </Button>
      </View>
    </View>
  );
}

/** Who is invited when, with which template: one row per trigger (admins change it; service staff read it). */
function Triggers(props: { canEdit: boolean; templates: SurveyTemplateView[] }) {
  const { t, locale } = useI18n();
  const triggers = useQuery(surveyTriggers, []);
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<SurveyTriggerSettings[] | null>(null);
  const shown = rows ?? triggers.data ?? [];
  const edit = (i: number, patch: Partial<SurveyTriggerSettings>) => setRows(shown.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async (row: SurveyTriggerSettings) => {
    setSaving(row.trigger);
    setError(null);
    try {
      setRows(await updateSurveyTrigger(row));
      void Taro.showToast({ title: t('templates.saved'), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setSaving(null);
    }
  };
  if (triggers.error && !triggers.data) return <ErrorState error={triggers.error} title={t('templates.loadError')} onRetry={() => void triggers.reload()} />;
  const published = props.templates.filter((tpl) => tpl.publishedVersion > 0);
  return (
    <View className="yb-admin-list" data-testid="survey-triggers">
      {shown.map((row, i) => (
        <View key={row.trigger} className="yb-admin-row" data-testid="survey-trigger" data-trigger={row.trigger}>
          <View className="yb-admin-row__head">
            <Text className="yb-admin-row__title">{t(`templates.trigger.${row.trigger}`)}</Text>
            <Switch checked={row.enabled} disabled={!props.canEdit} onChange={(v: boolean) => edit(i, { enabled: v })} />
          </View>
          <Chips
            label={t('templates.triggerTemplate')}
            options={published.map((tpl) => tpl.key)}
            value={row.templateKey}
            name={(k) => published.find((tpl) => tpl.key === k)?.title ?? k}
            onChange={(k) => props.canEdit && k && edit(i, { templateKey: k })}
          />
          <View className="yb-template-row">
            <Field width="short" label={t('templates.delayHours')} value={String(row.delayHours)} onChange={(v) => edit(i, { delayHours: num(v) ?? 0 })} />
            <Field
              width="short"
              label={t('templates.expiresDays')}
              value={String(row.expiresAfterDays)}
              onChange={(v) => edit(i, { expiresAfterDays: num(v) ?? 1 })}
            />
            <Field
              width="short"
              label={t('templates.remindHours')}
              value={String(row.remindAfterHours)}
              onChange={(v) => edit(i, { remindAfterHours: num(v) ?? 0 })}
            />
          </View>
          {props.canEdit ? (
            <Button size="small" loading={saving === row.trigger} disabled={saving !== null} onClick={() => void save(row)} data-testid="survey-trigger-save">
              {t('templates.saveTrigger')}
            </Button>
          ) : null}
        </View>
      ))}
      <InlineError message={error} />
    </View>
  );
}

/** 问卷模板: the questionnaires (the shipped ones and the hospital's), their drafts and publishing, and the triggers. */
export default function SurveyTemplatesPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const templates = useQuery(listSurveyTemplates, [locale], !!member);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePullDownRefresh(() => {
    void templates.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const canEdit = !!member && (member.roles.includes('service') || member.roles.includes('admin'));
  const publish = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await publishSurveyTemplate(id);
      await templates.reload();
      void Taro.showToast({ title: t('templates.published'), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };
  const list = templates.data;
  return (
    <Page title="templates.pageTitle" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="surveyTemplates" /> : <View />}
      <ConsoleMain>
        <View data-testid="survey-templates">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('templates.pageTitle')}</Text>
          </View>
          <Text className="yb-muted">{t('templates.intro')}</Text>
          <InlineError message={error} />
          {!member || (templates.loading && !list) ? <LoadingState /> : null}
          {templates.error && !list ? <ErrorState error={templates.error} title={t('templates.loadError')} onRetry={() => void templates.reload()} /> : null}
          {list && list.length === 0 ? <EmptyState title={t('templates.empty')} hint={t('templates.emptyHint')} /> : null}
          {list ? (
            <View className="yb-admin-list">
              {list.map((tpl) => (
                <View key={tpl.id} className="yb-admin-row" data-testid="template-row" data-key={tpl.key} data-draft={tpl.hasDraft ? 'yes' : 'no'}>
                  <View className="yb-admin-row__head">
                    <Text className="yb-admin-row__title">{tpl.title}</Text>
                    <Text className="yb-admin-tag">{t(`templates.purpose.${tpl.purpose}`)}</Text>
                  </View>
                  <View className="yb-admin-row__tags">
                    <Text className="yb-admin-row__meta">{tpl.key}</Text>
                    <Text className="yb-admin-row__meta">
                      {tpl.publishedVersion ? t('templates.publishedVersion', { n: tpl.publishedVersion }) : t('templates.notPublished')}
                    </Text>
                    {tpl.hasDraft ? <Text className="yb-admin-row__meta">{t('templates.draftVersion', { n: tpl.latestVersion })}</Text> : null}
                    <Text className="yb-admin-row__meta">{t('templates.itemCount', { n: tpl.items.length })}</Text>
                  </View>
                  {canEdit && editing !== tpl.id ? (
                    <View className="yb-campaign-actions">
                      <Button size="small" onClick={() => setEditing(tpl.id)} data-testid="template-edit">
                        {t('templates.edit')}
                      </Button>
                      {tpl.hasDraft ? (
                        <Button
                          size="small"
                          type="primary"
                          loading={busy === tpl.id}
                          disabled={busy !== null}
                          onClick={() => void publish(tpl.id)}
                          data-testid="template-publish"
                        >
                          {t('templates.publish')}
                        </Button>
                      ) : null}
                    </View>
                  ) : null}
                  {editing === tpl.id ? (
                    <TemplateEditor
                      template={tpl}
                      onSaved={() => {
                        setEditing(null);
                        void templates.reload();
                      }}
                      onClose={() => setEditing(null)}
                    />
                  ) : null}
                </View>
              ))}
            </View>
          ) : null}
          <Text className="yb-section__title">{t('templates.triggers')}</Text>
          <Text className="yb-small">{t('templates.triggersHint')}</Text>
          {list ? <Triggers canEdit={!!member?.roles.includes('admin')} templates={list} /> : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
