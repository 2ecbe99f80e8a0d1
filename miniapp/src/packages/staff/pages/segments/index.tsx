import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { DepartmentView, SegmentCountResponse, SegmentFieldView, SegmentOp, SegmentValue, SegmentView } from '@yiban/shared';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { useNow } from '../../../../hooks/use-now';
import { useQuery } from '../../../../hooks/use-query';
import type { MessageKey } from '../../../../i18n';
import { listDepartments } from '../../../../services/catalog';
import { toApiError, type ApiRequestError } from '../../../../services/errors';
import { countSegment, createSegment, deleteSegment, listSegments, recountSegment, segmentFields, updateSegment } from '../../../../services/segments';
import { appStore } from '../../../../store/app-store';
import { formatSentAt } from '../../../../utils/message-format';
import {
  addToGroup,
  conditionCount,
  emptyGroup,
  fromRule,
  groupDepth,
  newCondition,
  removeNode,
  setGroupKind,
  toRule,
  updateCondition,
  usesClinical,
  type EditorCondition,
  type EditorGroup,
  type GroupKind,
} from '../../../../utils/segment-rule';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import './segments.css';

const COUNT_DEBOUNCE_MS = 400;
const MAX_DEPTH = 5;
const MAX_CONDITIONS = 50;

interface Ctx {
  fields: SegmentFieldView[];
  departments: DepartmentView[];
  root: EditorGroup;
  setRoot: (root: EditorGroup) => void;
}

const fieldLabel = (t: (k: MessageKey) => string, field: string) => t(`segments.field.${field}` as MessageKey);

/** A value editor for one condition: chips for choices and departments, numbers, yes/no, or text (comma-separated for 属于). */
function ValueEditor(props: { ctx: Ctx; c: EditorCondition; spec: SegmentFieldView }) {
  const { t } = useI18n();
  const { c, spec, ctx } = props;
  const set = (value: SegmentValue | null) => ctx.setRoot(updateCondition(ctx.root, c.key, { value }));
  const choices =
    spec.value === 'department' ? ctx.departments.map((d) => ({ value: d.id, label: d.name })) : spec.options?.map((o) => ({ value: o.value, label: o.label }));
  if (spec.value === 'boolean') {
    return (
      <View className="yb-segment__value">
        {[true, false].map((v) => (
          <Text key={String(v)} className={`yb-choice ${c.value === v ? 'yb-choice--on' : ''}`} onClick={() => set(v)}>
            {t(v ? 'segments.value.yes' : 'segments.value.no')}
          </Text>
        ))}
      </View>
    );
  }
  if (choices) {
    const selected = c.op === 'in' ? ((c.value as string[] | null) ?? []) : [c.value as string];
    const toggle = (v: string) => {
      if (c.op !== 'in') return set(v);
      set(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
    };
    return (
      <View className="yb-segment__value" data-testid="segment-value-choices">
        {choices.map((o) => (
          <Text key={o.value} className={`yb-choice ${selected.includes(o.value) ? 'yb-choice--on' : ''}`} data-value={o.value} onClick={() => toggle(o.value)}>
            {o.label}
          </Text>
        ))}
      </View>
    );
  }
  if (spec.value === 'number') {
    const num = (s: string) => (s.trim() === '' || !/^\d+$/.test(s.trim()) ? null : Number(s.trim()));
    if (c.op === 'between') {
      const pair = (c.value as [number, number] | null) ?? [null, null];
      const setPart = (i: 0 | 1, s: string) => {
        const next: [number | null, number | null] = [pair[0] ?? null, pair[1] ?? null];
        next[i] = num(s);
        set(next[0] === null || next[1] === null ? (next as unknown as SegmentValue) : ([next[0], next[1]] as [number, number]));
      };
      return (
        <View className="yb-segment__value">
          <Text className="yb-small">{t('segments.value.from')}</Text>
          <Input
            className="yb-input yb-segment__num"
            type="number"
            value={pair[0] === null ? '' : String(pair[0])}
            onInput={(e) => setPart(0, e.detail.value)}
          />
          <Text className="yb-small">{t('segments.value.to')}</Text>
          <Input
            className="yb-input yb-segment__num"
            type="number"
            value={pair[1] === null ? '' : String(pair[1])}
            onInput={(e) => setPart(1, e.detail.value)}
          />
        </View>
      );
    }
    return (
      <View className="yb-segment__value">
        <Input
          className="yb-input yb-segment__num"
          type="number"
          value={c.value === null ? '' : String(c.value)}
          onInput={(e) => set(num(e.detail.value))}
          data-testid="segment-value-number"
        />
      </View>
    );
  }
  const placeholder = t(c.field === 'diagnosis' ? 'segments.value.icdPlaceholder' : 'segments.value.tagPlaceholder');
  const text = c.op === 'in' ? ((c.value as string[] | null) ?? []).join(', ') : ((c.value as string | null) ?? '');
  return (
    <View className="yb-segment__value">
      <Input
        className="yb-input"
        value={text}
        placeholder={placeholder}
        onInput={(e) => {
          const raw = e.detail.value;
          const norm = (s: string) => (c.field === 'diagnosis' ? s.trim().toUpperCase() : s.trim().toLowerCase());
          set(c.op === 'in' ? raw.split(/[,，]/).map(norm).filter(Boolean) : norm(raw) || null);
        }}
        data-testid="segment-value-text"
      />
      {c.op === 'in' ? <Text className="yb-small">{t('segments.value.listHint')}</Text> : null}
    </View>
  );
}

function ConditionRow(props: { ctx: Ctx; c: EditorCondition }) {
  const { t } = useI18n();
  const { ctx, c } = props;
  const spec = ctx.fields.find((f) => f.field === c.field);
  if (!spec) return null;
  return (
    <View className={`yb-segment__condition ${spec.clinical ? 'yb-segment__condition--clinical' : ''}`} data-testid="segment-condition" data-field={c.field}>
      <View className="yb-segment__row">
        <Text className="yb-segment__field">{fieldLabel(t, c.field)}</Text>
        {spec.clinical ? <Text className="yb-admin-tag">{t('segments.clinical')}</Text> : null}
        {spec.ops.map((op: SegmentOp) => (
          <Text
            key={op}
            className={`yb-choice ${c.op === op ? 'yb-choice--on' : ''}`}
            data-value={op}
            onClick={() => ctx.setRoot(updateCondition(ctx.root, c.key, { op }))}
          >
            {t(`segments.op.${op}` as MessageKey)}
          </Text>
        ))}
        <Text className="yb-textbutton" onClick={() => ctx.setRoot(removeNode(ctx.root, c.key))} data-testid="segment-remove">
          {t('segments.remove')}
        </Text>
      </View>
      <ValueEditor ctx={ctx} c={c} spec={spec} />
    </View>
  );
}

function GroupBox(props: { ctx: Ctx; group: EditorGroup; isRoot?: boolean }) {
  const { t } = useI18n();
  const { ctx, group } = props;
  const [picking, setPicking] = useState(false);
  const depth = groupDepth(ctx.root, group.key) ?? 1;
  const full = conditionCount(ctx.root) >= MAX_CONDITIONS;
  return (
    <View className={`yb-segment__group yb-segment__group--${group.kind}`} data-testid="segment-group" data-kind={group.kind}>
      <View className="yb-segment__row">
        {(['all', 'any', 'none'] as GroupKind[]).map((k) => (
          <Text
            key={k}
            className={`yb-choice ${group.kind === k ? 'yb-choice--on' : ''}`}
            data-value={k}
            onClick={() => ctx.setRoot(setGroupKind(ctx.root, group.key, k))}
          >
            {t(`segments.group.${k}` as MessageKey)}
          </Text>
        ))}
        {!props.isRoot ? (
          <Text className="yb-textbutton" onClick={() => ctx.setRoot(removeNode(ctx.root, group.key))}>
            {t('segments.remove')}
          </Text>
        ) : null}
      </View>
      {group.children.length === 0 ? <Text className="yb-small">{t('segments.emptyGroup')}</Text> : null}
      {group.children.map((child) =>
        child.type === 'group' ? <GroupBox key={child.key} ctx={ctx} group={child} /> : <ConditionRow key={child.key} ctx={ctx} c={child} />,
      )}
      <View className="yb-segment__row">
        <Text className={`yb-textbutton ${full ? 'yb-textbutton--off' : ''}`} onClick={() => !full && setPicking(!picking)} data-testid="segment-add-condition">
          {t('segments.addCondition')}
        </Text>
        {depth < MAX_DEPTH ? (
          <Text
            className={`yb-textbutton ${full ? 'yb-textbutton--off' : ''}`}
            onClick={() => !full && ctx.setRoot(addToGroup(ctx.root, group.key, emptyGroup('any')))}
            data-testid="segment-add-group"
          >
            {t('segments.addGroup')}
          </Text>
        ) : (
          <Text className="yb-small">{t('segments.depthLimit')}</Text>
        )}
        {full ? <Text className="yb-small">{t('segments.sizeLimit')}</Text> : null}
      </View>
      {picking ? (
        <View className="yb-segment__picker" data-testid="segment-field-picker">
          <Text className="yb-toolbar__label">{t('segments.pickField')}</Text>
          {ctx.fields.map((f) => (
            <Text
              key={f.field}
              className={`yb-choice ${f.unavailableReason ? 'yb-choice--off' : ''}`}
              data-value={f.field}
              aria-disabled={f.unavailableReason ? 'true' : 'false'}
              onClick={() => {
                if (f.unavailableReason) {
                  void Taro.showToast({ title: f.unavailableReason, icon: 'none', duration: 3000 });
                  return;
                }
                ctx.setRoot(addToGroup(ctx.root, group.key, newCondition(f)));
                setPicking(false);
              }}
            >
              {fieldLabel(t, f.field)}
              {f.unavailableReason ? ` · ${t('segments.unavailable')}` : ''}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/** The live count: debounced while editing, with a spinner, and the clinical notice when visit fields are used. */
function useLiveCount(root: EditorGroup) {
  const rule = toRule(root);
  const key = rule ? JSON.stringify(rule) : null;
  const [state, setState] = useState<{ counting: boolean; answer: SegmentCountResponse | null; error: ApiRequestError | null }>({
    counting: false,
    answer: null,
    error: null,
  });
  const seq = useRef(0);
  useEffect(() => {
    if (!key) {
      setState({ counting: false, answer: null, error: null });
      return;
    }
    const mine = ++seq.current;
    setState((s) => ({ ...s, counting: true, error: null }));
    const timer = setTimeout(() => {
      countSegment(JSON.parse(key))
        .then((answer) => mine === seq.current && setState({ counting: false, answer, error: null }))
        .catch((e) => mine === seq.current && setState({ counting: false, answer: null, error: toApiError(e, appStore.get().prefs.locale) }));
    }, COUNT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return { complete: !!key, ...state };
}

function SavedRow(props: { s: SegmentView; now: Date; onEdit: () => void; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const { s } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      props.onChanged();
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    const { confirm } = await Taro.showModal({
      title: t('segments.deleteConfirm', { name: s.name }),
      confirmText: t('segments.delete'),
      cancelText: t('common.cancel'),
    });
    if (confirm) await act(() => deleteSegment(s.id));
  };
  return (
    <View className="yb-admin-row" data-testid="segment-saved" data-id={s.id} data-count={s.lastCount ?? ''}>
      <View className="yb-admin-row__head">
        <Text className="yb-admin-row__title">{s.name}</Text>
        <Text className="yb-admin-row__sub" data-testid="segment-saved-count">
          {s.lastCount === null
            ? t('segments.notCounted')
            : t('segments.lastCount', { count: s.lastCount, time: formatSentAt(s.lastCountedAt!, locale, props.now) })}
        </Text>
      </View>
      {s.description ? <Text className="yb-small">{s.description}</Text> : null}
      <View className="yb-segment__row">
        <Text className="yb-textbutton" onClick={props.onEdit} data-testid="segment-edit">
          {t('segments.edit')}
        </Text>
        <Text className={`yb-textbutton ${busy ? 'yb-textbutton--off' : ''}`} onClick={() => !busy && void act(() => recountSegment(s.id))}>
          {t('segments.recount')}
        </Text>
        <Text className={`yb-textbutton ${busy ? 'yb-textbutton--off' : ''}`} onClick={() => !busy && void remove()} data-testid="segment-delete">
          {t('segments.delete')}
        </Text>
      </View>
      <InlineError message={error} />
    </View>
  );
}

/** 人群 (marketing, admins): build a segment with nested groups, see its count live, save it, reuse the saved ones. */
export default function SegmentsPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const now = useNow(60_000);
  const fields = useQuery(segmentFields, [locale], !!member);
  const departments = useQuery(listDepartments, [locale], !!member);
  const [root, setRoot] = useState<EditorGroup>(() => emptyGroup('all'));
  const [editing, setEditing] = useState<SegmentView | null>(null);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const live = useLiveCount(root);
  const saved = useCursorPages({
    load: (cursor) => listSegments({ cursor: cursor ?? undefined, limit: 50 }),
    idOf: (s) => s.id,
    key: locale,
    enabled: !!member,
  });
  const { refresh } = saved;
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  const startNew = () => {
    setEditing(null);
    setName('');
    setRoot(emptyGroup('all'));
    setSaveError(null);
  };
  const edit = (s: SegmentView) => {
    setEditing(s);
    setName(s.name);
    setRoot(fromRule(s.rule));
    setSaveError(null);
  };
  const rule = toRule(root);
  const save = async () => {
    if (!rule || !name.trim()) return;
    setSaving(true);
    setSaveError(null);
    try {
      const result = editing ? await updateSegment(editing.id, { name: name.trim(), rule }) : await createSegment({ name: name.trim(), rule });
      setEditing(result);
      void Taro.showToast({ title: t('segments.savedToast'), icon: 'success' });
      await refresh();
    } catch (e) {
      setSaveError(toApiError(e, locale).message);
    } finally {
      setSaving(false);
    }
  };

  const ctx: Ctx | null = fields.data ? { fields: fields.data, departments: departments.data ?? [], root, setRoot } : null;
  const clinical = ctx ? usesClinical(root, ctx.fields) : false;
  return (
    <Page title="segments.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="segments" /> : <View />}
      <ConsoleMain>
        <View data-testid="segments-page">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{editing ? editing.name : t('segments.title')}</Text>
            <Text className="yb-textbutton" onClick={startNew} data-testid="segment-new">
              {t('segments.new')}
            </Text>
          </View>
          <Text className="yb-muted">{t('segments.intro')}</Text>

          {!member || (fields.loading && !fields.data) ? <LoadingState /> : null}
          {fields.error ? <ErrorState error={fields.error} title={t('segments.fieldsError')} onRetry={() => void fields.reload()} /> : null}
          {ctx ? (
            <View className="yb-segment">
              <GroupBox ctx={ctx} group={root} isRoot />
              <View
                className="yb-segment__count"
                data-testid="segment-count"
                data-state={live.counting ? 'counting' : live.answer ? 'done' : 'idle'}
                data-count={live.answer?.count ?? ''}
              >
                {!live.complete ? <Text className="yb-small">{t('segments.count.incomplete')}</Text> : null}
                {live.complete && live.counting ? (
                  <View className="yb-segment__spinner-row">
                    <View className="yb-segment__spinner" aria-hidden />
                    <Text>{t('segments.count.counting')}</Text>
                  </View>
                ) : null}
                {live.complete && !live.counting && live.answer ? (
                  <View>
                    <Text className="yb-segment__count-number">{t('segments.count.result', { count: live.answer.count.toLocaleString(locale) })}</Text>
                    <Text className="yb-small">{t('segments.count.took', { ms: live.answer.tookMs })}</Text>
                  </View>
                ) : null}
                {live.error ? <InlineError message={t('segments.count.error', { message: live.error.message })} /> : null}
                {clinical ? (
                  <Text className="yb-segment__notice" data-testid="segment-clinical-notice">
                    {t('segments.count.clinical')}
                  </Text>
                ) : null}
              </View>
              <View className="yb-field">
                <Text className="yb-field__label">{t('segments.name')}</Text>
                <Input
                  className="yb-input"
                  value={name}
                  maxlength={64}
                  placeholder={t('segments.namePlaceholder')}
                  onInput={(e) => setName(e.detail.value)}
                  data-testid="segment-name"
                />
              </View>
              <InlineError message={saveError} />
              <Button
                type="primary"
                size="large"
                block
                loading={saving}
                disabled={saving || !rule || !name.trim()}
                onClick={() => void save()}
                data-testid="segment-save"
              >
                {editing ? t('segments.saveChanges') : t('segments.save')}
              </Button>
            </View>
          ) : null}

          <Text className="yb-console__subtitle">{t('segments.saved')}</Text>
          {saved.error && !saved.items ? <ErrorState error={saved.error} title={t('segments.loadError')} onRetry={() => void refresh()} /> : null}
          {saved.items && saved.items.length === 0 && !saved.loading ? <EmptyState title={t('segments.empty')} hint={t('segments.emptyHint')} /> : null}
          {saved.items && saved.items.length > 0 ? (
            <View className="yb-admin-list" data-testid="segments-list">
              {saved.items.map((s) => (
                <SavedRow key={s.id} s={s} now={now} onEdit={() => edit(s)} onChanged={() => void refresh()} />
              ))}
            </View>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
