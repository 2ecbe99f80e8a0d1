import type { MeasurementView } from '@yiban/shared';
import { translate } from '../../src/i18n';
import { axis, readingInput, readingText, trendOf, trendSvg, emptyReading } from '../../src/packages/health-record/components/health-format';

const t = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params);
const NOW = new Date('2026-12-07T08:00:00Z');

function reading(kind: MeasurementView['kind'], at: string, values: Partial<MeasurementView>): MeasurementView {
  return {
    id: at,
    kind,
    measuredAt: at,
    systolic: null,
    diastolic: null,
    glucoseMmol: null,
    glucoseContext: null,
    weightKg: null,
    note: null,
    enteredBy: { kind: 'patient' },
    createdAt: at,
    ...values,
  };
}

describe('the health record’s readings', () => {
  it('are checked against the server’s bounds before sending, with one decimal for glucose and weight', () => {
    const bp = (systolic: string, diastolic: string) => readingInput('blood_pressure', { ...emptyReading(), systolic, diastolic }, t, NOW);
    expect(bp('138', '88')).toEqual({ kind: 'blood_pressure', systolic: 138, diastolic: 88, measuredAt: NOW.toISOString() });
    expect(bp('1380', '88')).toBe('请填写 50–260 之间的数值');
    expect(bp('', '88')).toBe('请填写收缩压（高压）');
    expect(bp('80', '90')).toBe('高压应高于低压');
    expect(readingInput('glucose', { ...emptyReading(), glucoseMmol: '6.46', glucoseContext: 'after_meal' }, t, NOW)).toMatchObject({
      glucoseMmol: 6.5,
      glucoseContext: 'after_meal',
    });
    expect(readingInput('weight', { ...emptyReading(), weightKg: 'abc' }, t, NOW)).toBe('请填写 0.5–350 之间的数值');
    // A chosen time in the future is taken as now.
    expect(readingInput('weight', { ...emptyReading(), weightKg: '70', date: '2030-01-01', time: '08:00' }, t, NOW)).toMatchObject({
      measuredAt: NOW.toISOString(),
    });
  });

  it('read as the patient writes them', () => {
    expect(readingText(reading('blood_pressure', '2026-12-01T00:00:00Z', { systolic: 138, diastolic: 88 }), t)).toBe('138/88 mmHg');
    expect(readingText(reading('glucose', '2026-12-01T00:00:00Z', { glucoseMmol: 6, glucoseContext: 'fasting' }), t)).toBe('6.0 mmol/L · 空腹');
    expect(readingText(reading('weight', '2026-12-01T00:00:00Z', { weightKg: 68.5 }), t)).toBe('68.5 kg');
  });

  it('draw a trend: lines per value oldest first, axis around values and reference lines, ASCII-only SVG for WeChat', () => {
    const items = [
      reading('blood_pressure', '2026-12-03T00:00:00Z', { systolic: 126, diastolic: 80 }),
      reading('blood_pressure', '2026-12-01T00:00:00Z', { systolic: 142, diastolic: 91 }),
      reading('weight', '2026-12-02T00:00:00Z', { weightKg: 70 }),
    ];
    const trend = trendOf('blood_pressure', items);
    expect(trend.lines.map((l) => [l.key, l.points.map((p) => p.value)])).toEqual([
      ['systolic', [142, 126]],
      ['diastolic', [91, 80]],
    ]);
    const { min, max } = axis(trend);
    expect(min).toBeLessThanOrEqual(80);
    expect(max).toBeGreaterThanOrEqual(142);
    const svg = trendSvg(trend, { width: 340, height: 200, font: 12 });
    expect(/^[\x20-\x7e]*$/.test(svg)).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(4);
    expect(svg).toContain('12-01');
    // One reading still draws (a point, no line); none draws an empty frame.
    expect(trendSvg(trendOf('weight', items), { width: 340, height: 200, font: 16 }).match(/<circle/g)).toHaveLength(1);
    expect(trendSvg(trendOf('glucose', items), { width: 340, height: 200, font: 16 })).not.toContain('NaN');
  });
});
