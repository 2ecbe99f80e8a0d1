import { allowedOutcomes, applyOutcome, matchesVisit, scheduleSteps, validRescheduleDate } from './followup-rules.js';

describe('follow-up rules', () => {
  it('dates steps in hospital calendar days, across month and year ends', () => {
    const dates = scheduleSteps('2026-12-30', [
      { offsetDays: 0, kind: 'call', title: 'a' },
      { offsetDays: 3, kind: 'questionnaire', title: 'b', questionnaireKey: 'post_op' },
      { offsetDays: 62, kind: 'revisit', title: 'c' },
    ]).map((s) => s.dueOn);
    expect(dates).toEqual(['2026-12-30', '2027-01-02', '2027-03-02']);
  });

  it('retries an unanswered call the next day, twice, then closes it', () => {
    const task = { kind: 'call' as const, escalated: false, attempts: 0, dueOn: '2026-12-07' };
    const first = applyOutcome(task, 'no_answer', '2026-12-07');
    expect(first).toEqual({ status: 'pending', attempts: 1, dueOn: '2026-12-08' });
    const second = applyOutcome({ ...task, ...first }, 'no_answer', '2026-12-08');
    expect(second).toEqual({ status: 'pending', attempts: 2, dueOn: '2026-12-09' });
    expect(applyOutcome({ ...task, ...second }, 'no_answer', '2026-12-09').status).toBe('done');
    expect(applyOutcome(task, 'reached', '2026-12-07')).toEqual({ status: 'done', attempts: 1, dueOn: '2026-12-07' });
  });

  it('offers outcomes that fit the task', () => {
    expect(allowedOutcomes({ kind: 'call', escalated: false })).toContain('no_answer');
    expect(allowedOutcomes({ kind: 'call', escalated: false })).not.toContain('advised_emergency');
    expect(allowedOutcomes({ kind: 'call', escalated: true })).toContain('advised_emergency');
    expect(allowedOutcomes({ kind: 'revisit', escalated: false })).toContain('booked');
  });

  it('enrols a visit that matches the kind of encounter, the department and a diagnosis prefix', () => {
    const match = { on: 'discharge' as const, departmentIds: ['D1'], diagnosisPrefixes: ['K35', 'K80'] };
    expect(matchesVisit(match, { encounterClass: 'inpatient', departmentId: 'D1' }, ['K35.8'])).toBe(true);
    expect(matchesVisit(match, { encounterClass: 'outpatient', departmentId: 'D1' }, ['K35.8'])).toBe(false);
    expect(matchesVisit(match, { encounterClass: 'inpatient', departmentId: 'D2' }, ['K35.8'])).toBe(false);
    expect(matchesVisit(match, { encounterClass: 'inpatient', departmentId: 'D1' }, ['I10'])).toBe(false);
    expect(matchesVisit({ on: 'visit', departmentIds: [], diagnosisPrefixes: ['I1'] }, { encounterClass: 'outpatient', departmentId: 'D9' }, ['I10'])).toBe(
      true,
    );
    expect(matchesVisit({ on: null, departmentIds: [], diagnosisPrefixes: [] }, { encounterClass: 'outpatient', departmentId: 'D9' }, [])).toBe(false);
  });

  it('moves a task only to a date from today to a year ahead', () => {
    expect(validRescheduleDate('2026-12-07', '2026-12-07')).toBe(true);
    expect(validRescheduleDate('2026-12-06', '2026-12-07')).toBe(false);
    expect(validRescheduleDate('2028-01-01', '2026-12-07')).toBe(false);
  });
});
