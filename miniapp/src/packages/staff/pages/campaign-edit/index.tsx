import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  FESTIVALS,
  LANDING_TYPES,
  type CampaignLanding,
  type CampaignView,
  type CreateCampaignRequest,
  type LandingType,
  type MessageKind,
} from '@yiban/shared';
import { useEffect, useState, type ReactNode } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import type { MessageKey } from '../../../../i18n';
import {
  campaignAction,
  campaignMessageKinds,
  createCampaign,
  getCampaign,
  listPublishedArticles,
  listSegments,
  setTestRecipient,
  testSendCampaign,
  updateCampaign,
} from '../../../../services/campaigns';
import { listDepartments } from '../../../../services/catalog';
import { toApiError } from '../../../../services/errors';
import { storage } from '../../../../services/storage';
import {
  buildSchedule,
  CARD_THING_LIMIT,
  CONTENT_LIMITS,
  contentProblems,
  CRON_PRESETS,
  cronOf,
  defaultScheduleForm,
  describeSchedule,
  hospitalDateTime,
  kindLabel,
  lengthState,
  nextSolarFestival,
  SCHEDULE_MODES,
  scheduleForm,
  type CronForm,
  type ScheduleForm,
  type ScheduleProblem,
  weekdayLabel,
} from '../../../../utils/campaigns';
import { hospitalDate } from '../../../../utils/clinic-time';
import { CAMPAIGN_PAGES, resultsUrl } from '../../campaign-pages';
import { CampaignPreview } from '../../components/CampaignPreview';
import { ChoiceRow } from '../../components/ChoiceRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../campaigns.css';

const STEPS = ['audience', 'message', 'schedule', 'review'] as const;
type Step = (typeof STEPS)[number];
/** Landing pages that exist in this version; events and surveys come with their own features. */
const AVAILABLE_LANDINGS: readonly LandingType[] = ['article', 'booking'];
const TEST_OPENID_KEY = 'yiban.staff.testOpenid';

interface Draft {
  name: string;
  segmentId: string | null;
  messageKind: MessageKind | null;
  title: string;
  body: string;
  landing: LandingType | 'none';
  articleId: string | null;
  departmentId: string | null;
}

const EMPTY: Draft = { name: '', segmentId: null, messageKind: null, title: '', body: '', landing: 'none', articleId: null, departmentId: null };

function draftOf(c: CampaignView): Draft {
  return {
    name: c.name,
    segmentId: c.segment.id,
    messageKind: c.messageKind,
    title: c.content.title,
    body: c.content.body,
    landing: c.landing?.type ?? 'none',
    articleId: c.landing?.type === 'article' ? (c.landing.id ?? null) : null,
    departmentId: c.landing?.type === 'booking' ? (c.landing.id ?? null) : null,
  };
}

function landingOf(d: Draft): CampaignLanding | undefined {
  if (d.landing === 'none') return undefined;
  if (d.landing === 'article') return { type: 'article', id: d.articleId ?? undefined };
  if (d.landing === 'booking') return d.departmentId ? { type: 'booking', id: d.departmentId } : { type: 'booking' };
  return { type: d.landing };
}

const PROBLEM_TEXT: Record<ScheduleProblem | 'required' | 'tooLong', MessageKey> = {
  required: 'wizard.problem.required',
  tooLong: 'wizard.problem.tooLong',
  past: 'wizard.problem.past',
  invalid: 'wizard.problem.invalid',
  range: 'wizard.problem.range',
};

function Problem(props: { problem?: keyof typeof PROBLEM_TEXT | null; text?: MessageKey; testId: string }) {
  const { t } = useI18n();
  if (!props.problem && !props.text) return null;
  return (
    <Text className="yb-admin-problem" data-testid={props.testId}>
      {t(props.text ?? PROBLEM_TEXT[props.problem!])}
    </Text>
  );
}

function Counter(props: { text: string; max: number; testId: string }) {
  const { t } = useI18n();
  const s = lengthState(props.text, props.max);
  return (
    <Text className={`yb-campaign-length ${s.over ? 'yb-campaign-length--over' : ''}`} data-testid={props.testId} data-over={s.over ? 'yes' : 'no'}>
      {t('wizard.length', { count: s.count, max: s.max })}
    </Text>
  );
}

function Field(props: { label: string; children: ReactNode; hint?: string }) {
  return (
    <View className="yb-field">
      <Text className="yb-field__label">{props.label}</Text>
      {props.children}
      {props.hint ? <Text className="yb-small">{props.hint}</Text> : null}
    </View>
  );
}

/** 新建/编辑推送活动: four steps — audience, message, schedule, review — then submit for an admin's approval. */
export default function CampaignEditPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const params = Taro.getCurrentInstance().router?.params ?? {};
  const [campaignId, setCampaignId] = useState<string | null>(params.id ? decodeURIComponent(params.id) : null);
  const today = hospitalDate(new Date());

  const [step, setStep] = useState<Step>('audience');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [schedule, setSchedule] = useState<ScheduleForm>(() => defaultScheduleForm(today));
  const [saved, setSaved] = useState<CampaignView | null>(null);
  const [tried, setTried] = useState<Partial<Record<Step, boolean>>>({});
  const [busy, setBusy] = useState<'save' | 'submit' | 'test' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [testOpenid, setTestOpenid] = useState(() => storage.get(TEST_OPENID_KEY) ?? '');

  const existing = useQuery(() => getCampaign(campaignId!), [campaignId], !!member && !!campaignId && !saved);
  useEffect(() => {
    if (existing.data && !saved) {
      setSaved(existing.data);
      setDraft(draftOf(existing.data));
      setSchedule(scheduleForm(existing.data.schedule, today));
    }
  }, [existing.data, saved, today]);

  const segments = useQuery(listSegments, [], !!member);
  const kinds = useQuery(campaignMessageKinds, [locale], !!member);
  const articles = useQuery(listPublishedArticles, [], !!member && draft.landing === 'article');
  const departments = useQuery(listDepartments, [locale], !!member);
  const departmentName = (id: string) => departments.data?.find((d) => d.id === id)?.name;

  const edit = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const editSchedule = (change: Partial<ScheduleForm>) => setSchedule((s) => ({ ...s, ...change }));
  const editCron = (change: Partial<CronForm>) => setSchedule((s) => ({ ...s, cron: { ...s.cron, ...change } }));

  const content = { title: draft.title, body: draft.body };
  const messageProblems = contentProblems(content);
  const audienceOk = !!draft.name.trim() && !!draft.segmentId;
  const messageOk = !!draft.messageKind && Object.keys(messageProblems).length === 0 && (draft.landing !== 'article' || !!draft.articleId);
  const built = buildSchedule(schedule, new Date());
  const scheduleProblems = built.ok ? {} : built.problems;
  const readOnly = saved ? !['draft', 'in_review', 'approved', 'scheduled'].includes(saved.status) : false;

  const request = (): CreateCampaignRequest | null => {
    if (!audienceOk || !messageOk || !built.ok) return null;
    const landing = landingOf(draft);
    return {
      name: draft.name.trim(),
      segmentId: draft.segmentId!,
      messageKind: draft.messageKind!,
      content: { title: draft.title.trim(), body: draft.body.trim() },
      ...(landing ? { landing } : {}),
      schedule: built.schedule,
    };
  };

  /** Creates the draft or saves the changes; the server's answer (with its next send) is what the review shows. */
  const save = async (): Promise<CampaignView | null> => {
    const body = request();
    if (!body) return null;
    setBusy('save');
    setError(null);
    try {
      const result = campaignId ? await updateCampaign(campaignId, body) : await createCampaign(body);
      setSaved(result);
      setCampaignId(result.id);
      return result;
    } catch (e) {
      setError(toApiError(e, locale).message);
      return null;
    } finally {
      setBusy(null);
    }
  };

  const next = async () => {
    setTried((s) => ({ ...s, [step]: true }));
    if (step === 'audience' && audienceOk) setStep('message');
    else if (step === 'message' && messageOk) setStep('schedule');
    else if (step === 'schedule' && built.ok) {
      if (await save()) setStep('review');
    }
  };

  const submit = async () => {
    const current = (await save()) ?? saved;
    if (!current) return;
    setBusy('submit');
    setError(null);
    try {
      const result = await campaignAction(current.id, 'submit');
      setSaved(result);
      void Taro.showToast({ title: t('wizard.submitted'), icon: 'none' });
      void Taro.redirectTo({ url: resultsUrl(result.id) });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const testSend = async () => {
    if (!saved) return;
    setBusy('test');
    setError(null);
    try {
      const openid = testOpenid.trim();
      if (openid && openid !== storage.get(TEST_OPENID_KEY)) {
        await setTestRecipient(openid);
        storage.set(TEST_OPENID_KEY, openid);
      }
      await testSendCampaign(saved.id);
      void Taro.showToast({ title: t('wizard.testSent'), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const stepIndex = STEPS.indexOf(step);
  const loading = !member || (!!campaignId && !saved && existing.loading);

  return (
    <Page title={campaignId ? 'wizard.titleEdit' : 'wizard.titleNew'} className="yb-console">
      {member ? <ConsoleSidebar member={member} current="campaigns" /> : <View />}
      <ConsoleMain>
        <View data-testid="campaign-wizard" data-step={step} data-campaign-id={saved?.id ?? ''} data-status={saved?.status ?? ''}>
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t(campaignId ? 'wizard.titleEdit' : 'wizard.titleNew')}</Text>
            <Text className="yb-textbutton" onClick={() => void Taro.redirectTo({ url: CAMPAIGN_PAGES.list })}>
              {t('campaigns.title')}
            </Text>
          </View>
          {loading ? <LoadingState /> : null}
          {existing.error && !saved ? <ErrorState error={existing.error} title={t('wizard.loadError')} onRetry={() => void existing.reload()} /> : null}
          {readOnly && saved ? <Text className="yb-campaign-banner">{t('wizard.notEditable', { status: t(`campaign.status.${saved.status}`) })}</Text> : null}
          {saved && (saved.status === 'approved' || saved.status === 'scheduled') ? (
            <Text className="yb-campaign-banner">{t('wizard.approvedEdit')}</Text>
          ) : null}
          {saved?.reviews
            .filter((r) => r.action === 'rejected' && r.comment)
            .slice(-1)
            .map((r) => (
              <Text key={r.at} className="yb-campaign-banner" data-testid="wizard-rejection">
                {t('wizard.review.comment', { comment: r.comment! })}
              </Text>
            ))}

          {!loading && !readOnly ? (
            <>
              <View className="yb-campaign-steps" role="tablist">
                {STEPS.map((s, i) => (
                  <View
                    key={s}
                    className={`yb-campaign-step ${s === step ? 'yb-campaign-step--on' : i < stepIndex ? 'yb-campaign-step--done' : ''}`}
                    role="tab"
                    aria-selected={s === step}
                    onClick={() => (i < stepIndex ? setStep(s) : undefined)}
                    data-testid={`wizard-step-${s}`}
                  >
                    {i + 1}. {t(`wizard.step.${s}`)}
                  </View>
                ))}
              </View>
              <Text className="yb-small">{t('wizard.stepOf', { n: stepIndex + 1 })}</Text>

              {step === 'audience' ? (
                <View className="yb-campaign-panel">
                  <Field label={t('wizard.name')}>
                    <Input
                      className="yb-input"
                      value={draft.name}
                      maxlength={100}
                      placeholder={t('wizard.namePlaceholder')}
                      onInput={(e) => edit({ name: e.detail.value })}
                      data-testid="wizard-name"
                    />
                    {tried.audience && !draft.name.trim() ? <Problem problem="required" testId="wizard-problem-name" /> : null}
                  </Field>
                  <Field label={t('wizard.segment')}>
                    {segments.loading && !segments.data ? <LoadingState /> : null}
                    {segments.error ? <ErrorState error={segments.error} title={t('wizard.segmentsError')} onRetry={() => void segments.reload()} /> : null}
                    {segments.data && segments.data.length === 0 ? <EmptyState title={t('wizard.segmentsEmpty')} hint={t('wizard.segmentsEmptyHint')} /> : null}
                    <View data-testid="wizard-segments">
                      {segments.data?.map((s) => (
                        <View
                          key={s.id}
                          className={`yb-campaign-option ${draft.segmentId === s.id ? 'yb-campaign-option--on' : ''}`}
                          role="radio"
                          aria-checked={draft.segmentId === s.id}
                          onClick={() => edit({ segmentId: s.id })}
                          data-testid="wizard-segment"
                          data-segment-id={s.id}
                          data-name={s.name}
                        >
                          <Text className="yb-admin-row__title">{s.name}</Text>
                          <Text className="yb-small" data-testid="wizard-segment-count">
                            {s.lastCount === null ? t('wizard.segmentNoCount') : t('wizard.segmentCount', { n: s.lastCount })}
                          </Text>
                          {s.description ? <Text className="yb-small">{s.description}</Text> : null}
                        </View>
                      ))}
                    </View>
                    {tried.audience && !draft.segmentId ? <Problem text="wizard.problem.segment" testId="wizard-problem-segment" /> : null}
                    <Text className="yb-textbutton" onClick={() => void Taro.navigateTo({ url: CAMPAIGN_PAGES.segments })} data-testid="wizard-segment-builder">
                      {t('wizard.segmentBuilder')}
                    </Text>
                  </Field>
                </View>
              ) : null}

              {step === 'message' ? (
                <View className="yb-campaign-panel">
                  <Field label={t('wizard.kind')}>
                    {kinds.error ? <ErrorState error={kinds.error} title={t('wizard.kindsError')} onRetry={() => void kinds.reload()} /> : null}
                    <View data-testid="wizard-kinds">
                      {kinds.data?.map((k) => (
                        <View
                          key={k.messageKind}
                          className={`yb-campaign-option ${draft.messageKind === k.messageKind ? 'yb-campaign-option--on' : ''}`}
                          role="radio"
                          aria-checked={draft.messageKind === k.messageKind}
                          onClick={() => edit({ messageKind: k.messageKind })}
                          data-testid="wizard-kind"
                          data-kind={k.messageKind}
                        >
                          <Text className="yb-admin-row__title">{kindLabel(k.messageKind, locale)}</Text>
                          {k.fields.length > 0 ? <Text className="yb-small">{t('wizard.kindFields', { fields: k.fields.join(', ') })}</Text> : null}
                        </View>
                      ))}
                    </View>
                    {tried.message && !draft.messageKind ? <Problem text="wizard.problem.kind" testId="wizard-problem-kind" /> : null}
                  </Field>
                  <Field label={t('wizard.msgTitle')} hint={t('wizard.msgTitleHint', { max: CONTENT_LIMITS.title })}>
                    <Input className="yb-input" value={draft.title} onInput={(e) => edit({ title: e.detail.value })} data-testid="wizard-title" />
                    <Counter text={draft.title} max={CONTENT_LIMITS.title} testId="wizard-title-length" />
                    {tried.message || messageProblems.title === 'tooLong' ? <Problem problem={messageProblems.title} testId="wizard-problem-title" /> : null}
                  </Field>
                  <Field label={t('wizard.msgBody')} hint={t('wizard.msgBodyHint', { max: CARD_THING_LIMIT })}>
                    <Textarea
                      className="yb-campaign-textarea"
                      value={draft.body}
                      maxlength={-1}
                      onInput={(e) => edit({ body: e.detail.value })}
                      data-testid="wizard-body"
                    />
                    <Counter text={draft.body} max={CONTENT_LIMITS.body} testId="wizard-body-length" />
                    {tried.message || messageProblems.body === 'tooLong' ? <Problem problem={messageProblems.body} testId="wizard-problem-body" /> : null}
                  </Field>
                  <Field label={t('wizard.landing')}>
                    <View className="yb-choices" data-testid="wizard-landing">
                      {(['none', ...LANDING_TYPES] as const).map((type) => {
                        const available = type === 'none' || AVAILABLE_LANDINGS.includes(type);
                        return (
                          <View
                            key={type}
                            className={`yb-choice ${draft.landing === type ? 'yb-choice--on' : ''} ${available ? '' : 'yb-campaign-option--off'}`}
                            role="radio"
                            aria-checked={draft.landing === type}
                            aria-disabled={!available}
                            data-value={type}
                            data-disabled={available ? 'no' : 'yes'}
                            onClick={available ? () => edit({ landing: type }) : undefined}
                          >
                            {t(`campaign.landing.${type}`)}
                          </View>
                        );
                      })}
                    </View>
                    <Text className="yb-small" data-testid="wizard-landing-unavailable">
                      {t('wizard.landingUnavailable')}
                    </Text>
                  </Field>
                  {draft.landing === 'article' ? (
                    <Field label={t('wizard.article')}>
                      {articles.loading && !articles.data ? <LoadingState /> : null}
                      {articles.error ? <ErrorState error={articles.error} title={t('wizard.articlesError')} onRetry={() => void articles.reload()} /> : null}
                      {articles.data && articles.data.length === 0 ? (
                        <EmptyState title={t('wizard.articlesEmpty')} hint={t('wizard.articlesEmptyHint')} />
                      ) : null}
                      <View data-testid="wizard-articles">
                        {articles.data?.map((a) => (
                          <View
                            key={a.id}
                            className={`yb-campaign-option ${draft.articleId === a.id ? 'yb-campaign-option--on' : ''}`}
                            role="radio"
                            aria-checked={draft.articleId === a.id}
                            onClick={() => edit({ articleId: a.id })}
                            data-testid="wizard-article"
                            data-article-id={a.id}
                          >
                            <Text className="yb-admin-row__title">{a.title}</Text>
                            {a.publishedAt ? <Text className="yb-small">{hospitalDateTime(a.publishedAt)}</Text> : null}
                          </View>
                        ))}
                      </View>
                      {tried.message && !draft.articleId ? <Problem text="wizard.problem.article" testId="wizard-problem-article" /> : null}
                    </Field>
                  ) : null}
                  {draft.landing === 'booking' && departments.data ? (
                    <ChoiceRow
                      label={t('wizard.department')}
                      testId="wizard-booking-department"
                      value={draft.departmentId ?? 'any'}
                      onChange={(v) => edit({ departmentId: v === 'any' ? null : v })}
                      options={[{ value: 'any', label: t('wizard.anyDepartment') }, ...departments.data.map((d) => ({ value: d.id, label: d.name }))]}
                    />
                  ) : null}
                  <Text className="yb-field__label">{t('wizard.preview')}</Text>
                  <CampaignPreview kind={draft.messageKind} content={content} />
                </View>
              ) : null}

              {step === 'schedule' ? (
                <View className="yb-campaign-panel" data-testid="wizard-schedule">
                  <ChoiceRow
                    label={t('wizard.schedule')}
                    testId="wizard-schedule-mode"
                    value={schedule.mode}
                    onChange={(mode) => editSchedule({ mode })}
                    options={SCHEDULE_MODES.map((m) => ({ value: m, label: t(`wizard.mode.${m}`) }))}
                  />
                  {schedule.mode === 'at' ? (
                    <>
                      <Field label={t('wizard.date')}>
                        <Input
                          className="yb-input"
                          value={schedule.date}
                          placeholder="2026-12-31"
                          onInput={(e) => editSchedule({ date: e.detail.value })}
                          data-testid="wizard-date"
                        />
                        {tried.schedule ? <Problem problem={scheduleProblems.date} testId="wizard-problem-date" /> : null}
                      </Field>
                      <Field label={t('wizard.time')}>
                        <Input
                          className="yb-input"
                          value={schedule.time}
                          placeholder="09:00"
                          onInput={(e) => editSchedule({ time: e.detail.value })}
                          data-testid="wizard-time"
                        />
                        {tried.schedule ? <Problem problem={scheduleProblems.time} testId="wizard-problem-time" /> : null}
                      </Field>
                    </>
                  ) : null}
                  {schedule.mode === 'recurring' ? (
                    <>
                      <ChoiceRow
                        label=""
                        testId="wizard-cron-preset"
                        value={schedule.cron.preset}
                        onChange={(preset) => editCron(preset === 'raw' ? { preset, raw: cronOf(schedule.cron) ?? schedule.cron.raw } : { preset })}
                        options={CRON_PRESETS.map((p) => ({ value: p, label: t(`wizard.cron.${p}`) }))}
                      />
                      {schedule.cron.preset === 'raw' ? (
                        <Field label={t('wizard.cronRaw')}>
                          <Input
                            className="yb-input"
                            value={schedule.cron.raw}
                            onInput={(e) => editCron({ raw: e.detail.value })}
                            data-testid="wizard-cron-raw"
                          />
                        </Field>
                      ) : (
                        <Field label={t('wizard.time')}>
                          <Input
                            className="yb-input"
                            value={schedule.cron.time}
                            placeholder="09:00"
                            onInput={(e) => editCron({ time: e.detail.value })}
                            data-testid="wizard-cron-time"
                          />
                        </Field>
                      )}
                      {schedule.cron.preset === 'weekly' ? (
                        <ChoiceRow
                          label={t('wizard.cronWeekday')}
                          testId="wizard-cron-weekday"
                          value={String(schedule.cron.weekday)}
                          onChange={(v) => editCron({ weekday: Number(v) })}
                          options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: String(d), label: weekdayLabel(d, locale) }))}
                        />
                      ) : null}
                      {schedule.cron.preset === 'monthly' ? (
                        <Field label={t('wizard.cronMonthDay')}>
                          <Input
                            className="yb-input"
                            type="number"
                            value={String(schedule.cron.monthDay)}
                            onInput={(e) => editCron({ monthDay: Number(e.detail.value) })}
                            data-testid="wizard-cron-monthday"
                          />
                        </Field>
                      ) : null}
                      <Text className="yb-small" data-testid="wizard-cron">
                        {cronOf(schedule.cron) ? t('wizard.cronIs', { cron: cronOf(schedule.cron)! }) : t('wizard.problem.invalid')}
                      </Text>
                      <Field label={t('wizard.until')}>
                        <Input
                          className="yb-input"
                          value={schedule.until}
                          placeholder="2027-06-30"
                          onInput={(e) => editSchedule({ until: e.detail.value })}
                          data-testid="wizard-until"
                        />
                        {tried.schedule ? <Problem problem={scheduleProblems.until} testId="wizard-problem-until" /> : null}
                      </Field>
                    </>
                  ) : null}
                  {schedule.mode === 'festival' ? (
                    <>
                      <ChoiceRow
                        label={t('wizard.festival')}
                        testId="wizard-festival"
                        value={schedule.festival}
                        onChange={(festival) => editSchedule({ festival })}
                        options={FESTIVALS.map((f) => ({ value: f, label: t(`campaign.festival.${f}`) }))}
                      />
                      <Text className="yb-small" data-testid="wizard-festival-next">
                        {nextSolarFestival(schedule.festival, today)
                          ? t('wizard.festivalNext', { date: nextSolarFestival(schedule.festival, today)! })
                          : t('wizard.festivalLunar')}
                      </Text>
                      <Field label={t('wizard.daysBefore')}>
                        <Input
                          className="yb-input"
                          type="number"
                          value={String(schedule.daysBefore)}
                          onInput={(e) => editSchedule({ daysBefore: Number(e.detail.value) })}
                          data-testid="wizard-days-before"
                        />
                        {tried.schedule ? <Problem problem={scheduleProblems.daysBefore} testId="wizard-problem-days-before" /> : null}
                      </Field>
                    </>
                  ) : null}
                  {schedule.mode === 'after_visit' ? (
                    <>
                      {departments.data ? (
                        <ChoiceRow
                          label={t('wizard.department')}
                          testId="wizard-visit-department"
                          value={schedule.departmentId ?? 'any'}
                          onChange={(v) => editSchedule({ departmentId: v === 'any' ? null : v })}
                          options={[{ value: 'any', label: t('wizard.anyDepartment') }, ...departments.data.map((d) => ({ value: d.id, label: d.name }))]}
                        />
                      ) : null}
                      <Field label={t('wizard.days')}>
                        <Input
                          className="yb-input"
                          type="number"
                          value={String(schedule.days)}
                          onInput={(e) => editSchedule({ days: Number(e.detail.value) })}
                          data-testid="wizard-days"
                        />
                        {tried.schedule ? <Problem problem={scheduleProblems.days} testId="wizard-problem-days" /> : null}
                      </Field>
                    </>
                  ) : null}
                  {schedule.mode === 'birthday' || schedule.mode === 'festival' || schedule.mode === 'after_visit' ? (
                    <Field label={t('wizard.sendAt')}>
                      <Input
                        className="yb-input"
                        value={schedule.sendAt}
                        placeholder="09:00"
                        onInput={(e) => editSchedule({ sendAt: e.detail.value })}
                        data-testid="wizard-send-at"
                      />
                      {tried.schedule ? <Problem problem={scheduleProblems.sendAt} testId="wizard-problem-send-at" /> : null}
                    </Field>
                  ) : null}
                  {tried.schedule && scheduleProblems.cron ? <Problem problem="invalid" testId="wizard-problem-cron" /> : null}
                  <Text className="yb-small">{t('wizard.quietHours')}</Text>
                </View>
              ) : null}

              {step === 'review' && saved ? (
                <View className="yb-campaign-panel" data-testid="wizard-review">
                  {(
                    [
                      ['wizard.review.name', saved.name],
                      ['wizard.review.status', t(`campaign.status.${saved.status}`)],
                      [
                        'wizard.review.audience',
                        `${saved.segment.name}${(() => {
                          const n = segments.data?.find((s) => s.id === saved.segment.id)?.lastCount;
                          return n === null || n === undefined ? '' : ` · ${t('wizard.segmentCount', { n })}`;
                        })()}`,
                      ],
                      ['wizard.review.kind', kindLabel(saved.messageKind, locale)],
                      ['wizard.review.landing', t(`campaign.landing.${saved.landing?.type ?? 'none'}`)],
                      ['wizard.review.schedule', describeSchedule(saved.schedule, locale, departmentName)],
                      ['wizard.review.nextRun', saved.nextRunAt ? hospitalDateTime(saved.nextRunAt) : '–'],
                    ] as [MessageKey, string][]
                  ).map(([label, value]) => (
                    <View key={label} className="yb-campaign-preview__line">
                      <Text className="yb-campaign-preview__label">{t(label)}</Text>
                      <Text data-testid={`wizard-review-${label.split('.').pop()}`}>{value}</Text>
                    </View>
                  ))}
                  <CampaignPreview kind={saved.messageKind} content={saved.content} />
                  <Field label={t('wizard.testOpenid')} hint={t('wizard.testOpenidHint')}>
                    <Input className="yb-input" value={testOpenid} onInput={(e) => setTestOpenid(e.detail.value)} data-testid="wizard-test-openid" />
                  </Field>
                  <View className="yb-campaign-actions">
                    <Button loading={busy === 'test'} disabled={busy !== null} onClick={() => void testSend()} data-testid="wizard-test-send">
                      {busy === 'test' ? t('wizard.testSending') : t('wizard.testSend')}
                    </Button>
                  </View>
                </View>
              ) : null}

              <InlineError message={error} />
              <View className="yb-campaign-actions">
                {stepIndex > 0 ? (
                  <Button disabled={busy !== null} onClick={() => setStep(STEPS[stepIndex - 1]!)} data-testid="wizard-prev">
                    {t('wizard.prev')}
                  </Button>
                ) : null}
                {step !== 'review' ? (
                  <Button type="primary" loading={busy === 'save'} disabled={busy !== null} onClick={() => void next()} data-testid="wizard-next">
                    {t('wizard.next')}
                  </Button>
                ) : (
                  <>
                    <Button loading={busy === 'save'} disabled={busy !== null} onClick={() => void save()} data-testid="wizard-save">
                      {t('wizard.saveDraft')}
                    </Button>
                    {saved?.status === 'draft' ? (
                      <Button type="primary" loading={busy === 'submit'} disabled={busy !== null} onClick={() => void submit()} data-testid="wizard-submit">
                        {t('wizard.submit')}
                      </Button>
                    ) : null}
                  </>
                )}
              </View>
            </>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
