/**
 * Money from the API is integer fen. Shown as yuan with two decimals ("¥50.00"), worked out with integers so no
 * floating-point rounding can show a patient a wrong cent.
 */
export function formatFen(fen: number): string {
  if (!Number.isFinite(fen)) return '¥—';
  const whole = Math.round(fen);
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** "50" or "50.5" typed by staff → integer fen (5000, 5050); null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const cents = m[2] ? Number(m[2].padEnd(2, '0')) : 0;
  return Number(m[1]) * 100 + cents;
}
