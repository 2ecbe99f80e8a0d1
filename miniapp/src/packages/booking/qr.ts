import { encode } from 'uqr';

export interface QrRun {
  dark: boolean;
  length: number;
}

/**
 * The QR matrix for `value` (uqr: zero dependencies, works in any JS engine) as runs of equal modules per row.
 * Error correction M (15 %): a phone screen with a scratch or glare still scans. No quiet zone in the matrix:
 * the component's padding is the quiet zone.
 */
export function qrRuns(value: string): { size: number; rows: QrRun[][] } {
  const { size, data } = encode(value, { ecc: 'M', border: 0 });
  const rows = data.map((row) => {
    const runs: QrRun[] = [];
    for (const dark of row) {
      const last = runs[runs.length - 1];
      if (last && last.dark === dark) last.length++;
      else runs.push({ dark, length: 1 });
    }
    return runs;
  });
  return { size, rows };
}
