import type { MemberTier } from '@yiban/shared';

/** One colour per tier in every chart (platinum, gold, iron, lead). */
export const TIER_COLOURS: Record<MemberTier, string> = { platinum: '#5b6b8c', gold: '#c99a2e', iron: '#7a8a8a', lead: '#b9c4c4' };

/** Fen → yuan as a number for chart axes (two decimals). */
export function yuanOf(fen: number): number {
  return Math.round(fen) / 100;
}

/** A share 0–1 as "12.5%" ("—" when there is none). */
export function percentText(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`;
}
