import { autoAssignAt, autoCloseAt, firstResponseDue, isOverdue, needsAutoCloseJob, pickLeastBusy } from './consult-rules.js';

describe('consultation desk rules', () => {
  const asked = new Date('2026-12-06T09:00:00Z');

  it('sets the first-response target, the pool assignment at half of it, and the auto-close', () => {
    expect(firstResponseDue(asked, 120).toISOString()).toBe('2026-12-06T11:00:00.000Z');
    expect(autoAssignAt(asked, 120).toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(autoAssignAt(asked, 5).toISOString()).toBe('2026-12-06T09:02:30.000Z');
    expect(autoCloseAt(asked, 48).toISOString()).toBe('2026-12-08T09:00:00.000Z');
  });

  it('is overdue only when unanswered at or after the target', () => {
    const due = firstResponseDue(asked, 120);
    expect(isOverdue(new Date('2026-12-06T10:59:59Z'), due, false)).toBe(false);
    expect(isOverdue(new Date('2026-12-06T11:00:00Z'), due, false)).toBe(true);
    expect(isOverdue(new Date('2026-12-06T12:00:00Z'), due, true)).toBe(false);
    expect(isOverdue(new Date('2026-12-06T12:00:00Z'), null, false)).toBe(false);
  });

  it('assigns the least busy doctor under the cap, the same one on every instance', () => {
    expect(
      pickLeastBusy(
        [
          { id: 'B', open: 3 },
          { id: 'A', open: 1 },
          { id: 'C', open: 1 },
        ],
        20,
      ),
    ).toBe('A');
    expect(
      pickLeastBusy(
        [
          { id: 'A', open: 20 },
          { id: 'B', open: 19 },
        ],
        20,
      ),
    ).toBe('B');
    expect(pickLeastBusy([{ id: 'A', open: 20 }], 20)).toBeNull();
    expect(pickLeastBusy([], 20)).toBeNull();
  });

  it('queues an auto-close job when the close is first armed or moves earlier, not when a later answer moves it later', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 11, 8, h));
    expect(needsAutoCloseJob(null, at(9))).toBe(true);
    expect(needsAutoCloseJob(at(9), at(10))).toBe(false);
    expect(needsAutoCloseJob(at(9), at(9))).toBe(false);
    expect(needsAutoCloseJob(at(10), at(9))).toBe(true);
  });
});
