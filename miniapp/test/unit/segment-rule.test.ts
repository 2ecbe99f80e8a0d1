import type { SegmentFieldView } from '@yiban/shared';
import {
  addToGroup,
  conditionComplete,
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
} from '../../src/utils/segment-rule';

const FIELDS: Record<string, SegmentFieldView> = {
  gender: {
    field: 'gender',
    ops: ['eq', 'neq', 'in'],
    value: 'enum',
    options: [
      { value: 'male', label: '男' },
      { value: 'female', label: '女' },
    ],
    clinical: false,
  },
  age: { field: 'age', ops: ['eq', 'neq', 'gte', 'lte', 'between'], value: 'number', clinical: false },
  marketingOptIn: { field: 'marketingOptIn', ops: ['eq', 'neq'], value: 'boolean', clinical: false },
  visitedDepartmentId: { field: 'visitedDepartmentId', ops: ['eq', 'neq', 'in'], value: 'department', clinical: true },
};

const onlyCondition = (root: ReturnType<typeof emptyGroup>) => root.children[0] as EditorCondition;

describe('segment rule editing', () => {
  it('starts incomplete and becomes a rule once every condition has a value', () => {
    let root = emptyGroup('all');
    expect(toRule(root)).toBeNull();
    root = addToGroup(root, root.key, newCondition(FIELDS.gender!));
    // A choice starts on its first option, so it is complete at once.
    expect(toRule(root)).toEqual({ all: [{ field: 'gender', op: 'eq', value: 'male' }] });
    root = addToGroup(root, root.key, newCondition(FIELDS.age!));
    expect(toRule(root)).toBeNull();
    const age = root.children[1] as EditorCondition;
    root = updateCondition(root, age.key, { op: 'between' });
    root = updateCondition(root, age.key, { value: [70, 50] });
    expect(toRule(root)).toBeNull(); // from > to
    root = updateCondition(root, age.key, { value: [50, 70] });
    expect(toRule(root)).toEqual({
      all: [
        { field: 'gender', op: 'eq', value: 'male' },
        { field: 'age', op: 'between', value: [50, 70] },
      ],
    });
  });

  it('maps 全部满足 / 任一满足 / 不满足 to all / any / not(any), and nested groups', () => {
    let root = emptyGroup('all');
    root = addToGroup(root, root.key, newCondition(FIELDS.marketingOptIn!));
    const inner = emptyGroup('any');
    root = addToGroup(root, root.key, inner);
    expect(toRule(root)).toBeNull(); // the empty inner group
    root = addToGroup(root, inner.key, newCondition(FIELDS.gender!));
    root = addToGroup(root, inner.key, newCondition(FIELDS.gender!));
    root = setGroupKind(root, inner.key, 'none');
    expect(toRule(root)).toEqual({
      all: [
        { field: 'marketingOptIn', op: 'eq', value: true },
        {
          not: {
            any: [
              { field: 'gender', op: 'eq', value: 'male' },
              { field: 'gender', op: 'eq', value: 'male' },
            ],
          },
        },
      ],
    });
    expect(groupDepth(root, inner.key)).toBe(2);
    expect(conditionCount(root)).toBe(3);
    // A single member of 不满足 is NOT of that member.
    const single = addToGroup(emptyGroup('none'), 'x', newCondition(FIELDS.gender!));
    expect(toRule({ ...single, children: [newCondition(FIELDS.gender!)] })).toEqual({ not: { field: 'gender', op: 'eq', value: 'male' } });
  });

  it('keeps a value across compatible ops, turns it into a list for 属于, and resets it for a new field', () => {
    let root: EditorGroup = { ...emptyGroup('all'), children: [newCondition(FIELDS.gender!)] };
    const key = onlyCondition(root).key;
    root = updateCondition(root, key, { op: 'neq' });
    expect(onlyCondition(root)).toMatchObject({ op: 'neq', value: 'male' });
    root = updateCondition(root, key, { op: 'in' });
    expect(onlyCondition(root)).toMatchObject({ op: 'in', value: ['male'] });
    root = updateCondition(root, key, { value: [] });
    expect(conditionComplete(onlyCondition(root))).toBe(false);
    root = updateCondition(root, key, { field: FIELDS.age! });
    expect(onlyCondition(root)).toMatchObject({ key, field: 'age', op: 'eq', value: null });
  });

  it('removes nodes (the root stays), round-trips a saved rule, and knows when clinical fields are used', () => {
    const rule = {
      any: [
        { field: 'gender' as const, op: 'eq' as const, value: 'female' },
        {
          not: {
            any: [
              { field: 'visitedDepartmentId' as const, op: 'eq' as const, value: 'D1' },
              { field: 'age' as const, op: 'gte' as const, value: 80 },
            ],
          },
        },
      ],
    };
    const root = fromRule(rule);
    expect(toRule(root)).toEqual(rule);
    expect(usesClinical(root, Object.values(FIELDS))).toBe(true);
    const clinicalGroup = root.children[1]!;
    const without = removeNode(root, clinicalGroup.key);
    expect(toRule(without)).toEqual({ any: [{ field: 'gender', op: 'eq', value: 'female' }] });
    expect(usesClinical(without, Object.values(FIELDS))).toBe(false);
    expect(removeNode(root, root.key).children).toEqual([]);
    // A bare condition saved as the whole rule opens inside a 全部满足 group.
    expect(toRule(fromRule({ field: 'age', op: 'gte', value: 60 }))).toEqual({ all: [{ field: 'age', op: 'gte', value: 60 }] });
  });
});
