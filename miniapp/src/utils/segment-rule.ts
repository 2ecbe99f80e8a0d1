import type { SegmentField, SegmentFieldView, SegmentOp, SegmentRule, SegmentValue } from '@yiban/shared';

/**
 * The segment builder's editing model: a tree of groups (全部满足 all / 任一满足 any / 不满足 none) and conditions,
 * turned into the API's rule only when every condition is complete. Pure, so it is unit-tested without a page.
 */
export type GroupKind = 'all' | 'any' | 'none';

export interface EditorCondition {
  type: 'condition';
  key: string;
  field: SegmentField;
  op: SegmentOp;
  /** What the pickers hold; `null` until chosen. Numbers for ranges are kept as [from, to]. */
  value: SegmentValue | null;
}

export interface EditorGroup {
  type: 'group';
  key: string;
  kind: GroupKind;
  children: EditorNode[];
}

export type EditorNode = EditorGroup | EditorCondition;

let counter = 0;
const nextKey = () => `n${++counter}`;

export function emptyGroup(kind: GroupKind = 'all'): EditorGroup {
  return { type: 'group', key: nextKey(), kind, children: [] };
}

/** A new condition on a field with its first op and a sensible starting value (a choice's first option, true, …). */
export function newCondition(field: SegmentFieldView): EditorCondition {
  const op = field.ops[0]!;
  return { type: 'condition', key: nextKey(), field: field.field, op, value: initialValue(field, op) };
}

export function initialValue(field: SegmentFieldView, op: SegmentOp): SegmentValue | null {
  if (field.value === 'boolean') return true;
  if (op === 'in') return [];
  if (op === 'between') return null;
  if (field.options?.length) return field.options[0]!.value;
  return null;
}

function mapTree(node: EditorNode, fn: (n: EditorNode) => EditorNode | null): EditorNode | null {
  const self = fn(node);
  if (!self || self.type !== 'group') return self;
  return { ...self, children: self.children.map((c) => mapTree(c, fn)).filter((c): c is EditorNode => c !== null) };
}

function asRoot(node: EditorNode | null, fallback: EditorGroup): EditorGroup {
  return node && node.type === 'group' ? node : fallback;
}

export function addToGroup(root: EditorGroup, groupKey: string, child: EditorNode): EditorGroup {
  return asRoot(
    mapTree(root, (n) => (n.type === 'group' && n.key === groupKey ? { ...n, children: [...n.children, child] } : n)),
    root,
  );
}

/** Removes a node (the root group stays). */
export function removeNode(root: EditorGroup, key: string): EditorGroup {
  if (key === root.key) return { ...root, children: [] };
  return asRoot(
    mapTree(root, (n) => (n.key === key ? null : n)),
    root,
  );
}

export function setGroupKind(root: EditorGroup, groupKey: string, kind: GroupKind): EditorGroup {
  return asRoot(
    mapTree(root, (n) => (n.type === 'group' && n.key === groupKey ? { ...n, kind } : n)),
    root,
  );
}

/** Changes a condition; a new field or op resets the value to that field's starting value. */
export function updateCondition(root: EditorGroup, key: string, patch: { field?: SegmentFieldView; op?: SegmentOp; value?: SegmentValue | null }): EditorGroup {
  return asRoot(
    mapTree(root, (n) => {
      if (n.type !== 'condition' || n.key !== key) return n;
      if (patch.field) return { ...newCondition(patch.field), key: n.key };
      if (patch.op && patch.op !== n.op) {
        return { ...n, op: patch.op, value: carryValue(n.value, n.op, patch.op) };
      }
      return { ...n, value: patch.value === undefined ? n.value : patch.value };
    }),
    root,
  );
}

function carryValue(value: SegmentValue | null, from: SegmentOp, to: SegmentOp): SegmentValue | null {
  const single = from !== 'in' && from !== 'between';
  if (single && (to === 'eq' || to === 'neq' || to === 'gte' || to === 'lte')) return value;
  if (single && to === 'in' && value !== null) return [value as string];
  if (to === 'in') return [];
  return null;
}

/** Whether a condition's value is complete for its op. */
export function conditionComplete(c: EditorCondition): boolean {
  const v = c.value;
  if (v === null || v === undefined || v === '') return false;
  if (c.op === 'in') return Array.isArray(v) && v.length > 0;
  if (c.op === 'between')
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && (v[0] as number) <= (v[1] as number);
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0;
  return true;
}

/**
 * The API rule, or null while something is incomplete (an empty group, a condition without a value). 不满足 (none)
 * is NOT(any of its members).
 */
export function toRule(node: EditorNode): SegmentRule | null {
  if (node.type === 'condition') return conditionComplete(node) ? { field: node.field, op: node.op, value: node.value as SegmentValue } : null;
  if (!node.children.length) return null;
  const members = node.children.map(toRule);
  if (members.some((m) => m === null)) return null;
  const rules = members as SegmentRule[];
  if (node.kind === 'none') return { not: rules.length === 1 ? rules[0]! : { any: rules } };
  return node.kind === 'all' ? { all: rules } : { any: rules };
}

/** A saved rule back into the editor (so a saved segment can be edited). */
export function fromRule(rule: SegmentRule): EditorGroup {
  const node = toNode(rule);
  return node.type === 'group' ? node : { ...emptyGroup('all'), children: [node] };
}

function toNode(rule: SegmentRule): EditorNode {
  if ('all' in rule) return { ...emptyGroup('all'), children: rule.all.map(toNode) };
  if ('any' in rule) return { ...emptyGroup('any'), children: rule.any.map(toNode) };
  if ('not' in rule) {
    const inner = rule.not;
    if ('any' in inner) return { ...emptyGroup('none'), children: inner.any.map(toNode) };
    return { ...emptyGroup('none'), children: [toNode(inner)] };
  }
  return { type: 'condition', key: nextKey(), field: rule.field, op: rule.op, value: rule.value };
}

/** How deep groups nest at this node (the root is 1): the server allows 5. */
export function groupDepth(root: EditorGroup, key: string, depth = 1): number | null {
  if (root.key === key) return depth;
  for (const child of root.children) {
    if (child.type !== 'group') continue;
    const found = groupDepth(child, key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export function conditionCount(node: EditorNode): number {
  return node.type === 'condition' ? 1 : node.children.reduce((n, c) => n + conditionCount(c), 0);
}

/** Whether the rule names a field the server counts only over patients with the health-data consent. */
export function usesClinical(node: EditorNode, fields: readonly SegmentFieldView[]): boolean {
  if (node.type === 'condition') return fields.find((f) => f.field === node.field)?.clinical ?? false;
  return node.children.some((c) => usesClinical(c, fields));
}
