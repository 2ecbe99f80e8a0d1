import { MEMBER_TIERS, type MemberTier } from './enums.js';
import type { ValueSettings } from './membership.js';

/**
 * The membership reports (issue #17, item 5), pure: tier distribution and revenue concentration, the migration
 * matrix between two dates, and the lifetime-value table of a first-visit cohort. The server reads grouped figures
 * from the owning modules and builds the reports here; the console words them. Aggregates only: no patient appears.
 */

/** `GET /api/v1/analytics/tiers`: patients and net revenue per tier now, and how concentrated revenue is. */
export interface TierReport {
  /** Hospital date of the figures (today). */
  asOf: string;
  /** Every patient profile (removed ones too: their visits and payments happened). */
  patients: number;
  /** Fen kept: payments net of refunds plus spend recorded with visits outside the booking flow (the value model's net spend). */
  revenue: number;
  /** Platinum down to lead. Shares 0–1 (null when there is nothing to share). */
  tiers: { tier: MemberTier; patients: number; share: number | null; revenue: number; revenueShare: number | null; revenuePerPatient: number | null }[];
  /** Patients with any net revenue (the base of the concentration figures). */
  payingPatients: number;
  /** The top `topPercent` % of paying patients by net revenue bring `revenueShare` (0–1) of all revenue. */
  pareto: { topPercent: number; patients: number; revenue: number; revenueShare: number | null }[];
}

/** `GET /api/v1/analytics/tiers/migration?from=&to=`: each patient's tier at the end of `from` against the end of `to`. */
export interface TierMigrationReport {
  from: string;
  to: string;
  patients: number;
  /** Rows and columns of the matrix, platinum first. */
  tiers: MemberTier[];
  /** `matrix[i][j]`: patients of tier `tiers[i]` at the end of `from` and `tiers[j]` at the end of `to`. */
  matrix: number[][];
  /**
   * Of each cell, patients whose first visit came after `from` (up to `to`): not yet patients on `from`, they count
   * as lead there (every patient starts as lead).
   */
  newcomers: number[][];
  onFrom: Record<MemberTier, number>;
  onTo: Record<MemberTier, number>;
  upgraded: number;
  downgraded: number;
  unchanged: number;
}

/** How a row of the lifetime-value table was found. */
export type ClvBasis = 'observed' | 'partial' | 'projected';

/** `GET /api/v1/analytics/clv?cohort=`: the lifetime-value table of the patients whose first visit was in `cohort`. */
export interface ClvReport {
  /** The first-visit (calendar) year of the cohort. */
  cohort: number;
  asOf: string;
  /** Patients whose first visit was in the cohort year — one-time patients included. */
  cohortSize: number;
  /** Of them, patients with a single visit in the five years (kept in every figure: dropping them inflates the value). */
  oneTimeCustomers: number;
  /** The policy's value settings the table uses. */
  inputs: { marginRate: number; discountRate: number; retentionRate: number; years: number };
  /** The formula, in symbols (the console explains them). */
  formula: string;
  rows: ClvRow[];
}

export interface ClvRow {
  /** 1 = the year of the first visit. */
  year: number;
  calendarYear: number;
  /** observed: a year that is over; partial: this year so far; projected: a year to come (the policy's retention, the last observed spend per customer). */
  basis: ClvBasis;
  /** Cohort patients active that year (a visit, or a payment kept); projected years carry `customers × r`. */
  customers: number;
  /** This year's customers over last year's (year 1: null). */
  retentionRate: number | null;
  /** Fen. */
  revenue: number;
  /** revenue × (1 − margin rate), fen. */
  variableCost: number;
  /** revenue − variable cost, fen. */
  netProfit: number;
  /** 1 / (1 + d)^(year − 1). */
  discountFactor: number;
  /** netProfit × discountFactor, fen. */
  discountedProfit: number;
  /** Σ discounted profit up to this year, fen. */
  cumulativeDiscountedProfit: number;
  /** The discounted lifetime value per cohort patient up to this year: cumulative ÷ cohort size, fen. */
  lifetimeValue: number;
}

/** Years in the lifetime-value table. */
export const CLV_YEARS = 5;

/** The formula the table follows (year 1 = the first-visit year, undiscounted). */
export const CLV_FORMULA = 'LTV_T = Σ_{t=1..T} (R_t − C_t) / (1 + d)^(t−1) ÷ N_1;  C_t = R_t × (1 − m);  projected N_t = N_{t−1} × r';

/** The top percents of paying patients the concentration figures show. */
export const PARETO_PERCENTS = [1, 5, 10, 20, 50] as const;

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const share = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : null);

/**
 * Patients and revenue per tier from the grouped rows of patients with a membership row; patients without one are
 * lead with no revenue (so lead = every patient − the other tiers).
 */
export function tierRows(
  grouped: readonly { tier: MemberTier; patients: number; revenue: number }[],
  totalPatients: number,
): Pick<TierReport, 'patients' | 'revenue' | 'tiers'> {
  const by = new Map<MemberTier, { patients: number; revenue: number }>(MEMBER_TIERS.map((t) => [t, { patients: 0, revenue: 0 }]));
  for (const g of grouped) {
    const acc = by.get(g.tier) ?? by.get('lead')!;
    acc.patients += g.patients;
    acc.revenue += g.revenue;
  }
  const above = MEMBER_TIERS.filter((t) => t !== 'lead').reduce((s, t) => s + by.get(t)!.patients, 0);
  by.get('lead')!.patients = Math.max(by.get('lead')!.patients, totalPatients - above);
  const patients = MEMBER_TIERS.reduce((s, t) => s + by.get(t)!.patients, 0);
  const revenue = MEMBER_TIERS.reduce((s, t) => s + by.get(t)!.revenue, 0);
  return {
    patients,
    revenue,
    tiers: MEMBER_TIERS.map((tier) => {
      const a = by.get(tier)!;
      return {
        tier,
        patients: a.patients,
        share: share(a.patients, patients),
        revenue: a.revenue,
        revenueShare: share(a.revenue, revenue),
        revenuePerPatient: a.patients ? Math.round(a.revenue / a.patients) : null,
      };
    }),
  };
}

/** How many of `paying` patients the top `percent` % is: ⌈paying × percent / 100⌉, at least one when there is anyone. */
export function topCount(paying: number, percent: number): number {
  return paying > 0 ? Math.max(1, Math.ceil((paying * percent) / 100)) : 0;
}

/** The concentration rows from what the top percents of paying patients bring (fen) and all revenue. */
export function paretoRows(paying: number, tops: readonly number[], percents: readonly number[], revenue: number): TierReport['pareto'] {
  return percents.map((topPercent, i) => ({
    topPercent,
    patients: topCount(paying, topPercent),
    revenue: tops[i] ?? 0,
    revenueShare: share(tops[i] ?? 0, revenue),
  }));
}

/**
 * The migration matrix from grouped (tier on `from`, tier on `to`) counts of patients with a membership row or a tier
 * change. Every other patient never changed tier and is lead on both dates, so lead → lead is the rest of
 * `totalPatients`.
 */
export function migrationMatrix(
  cells: readonly { from: MemberTier; to: MemberTier; patients: number; newcomers: number }[],
  totalPatients: number,
): Omit<TierMigrationReport, 'from' | 'to'> {
  const index = (t: MemberTier) => Math.max(0, MEMBER_TIERS.indexOf(t));
  const matrix = MEMBER_TIERS.map(() => MEMBER_TIERS.map(() => 0));
  const newcomers = MEMBER_TIERS.map(() => MEMBER_TIERS.map(() => 0));
  for (const c of cells) {
    matrix[index(c.from)]![index(c.to)]! += c.patients;
    newcomers[index(c.from)]![index(c.to)]! += c.newcomers;
  }
  const lead = index('lead');
  const counted = matrix.flat().reduce((s, n) => s + n, 0);
  matrix[lead]![lead]! += Math.max(0, totalPatients - counted);
  const patients = matrix.flat().reduce((s, n) => s + n, 0);
  const onFrom = Object.fromEntries(MEMBER_TIERS.map((t, i) => [t, matrix[i]!.reduce((s, n) => s + n, 0)])) as Record<MemberTier, number>;
  const onTo = Object.fromEntries(MEMBER_TIERS.map((t, j) => [t, matrix.reduce((s, row) => s + row[j]!, 0)])) as Record<MemberTier, number>;
  let upgraded = 0;
  let downgraded = 0;
  let unchanged = 0;
  // Rows and columns run platinum → lead: a column left of the row's tier is higher.
  matrix.forEach((row, i) =>
    row.forEach((n, j) => {
      if (j < i) upgraded += n;
      else if (j > i) downgraded += n;
      else unchanged += n;
    }),
  );
  return { patients, tiers: [...MEMBER_TIERS], matrix, newcomers, onFrom, onTo, upgraded, downgraded, unchanged };
}

/** One cohort patient's facts for the table: per year of the five (index 0 = the first-visit year). */
export interface CohortPatientYears {
  visits: readonly number[];
  /** Fen kept that year (payments net of refunds, outside spend of visits). */
  revenue: readonly number[];
}

/** The cohort's totals per year, added up patient by patient (a batch at a time). */
export interface CohortTotals {
  size: number;
  oneTime: number;
  customers: number[];
  revenue: number[];
}

export function emptyCohortTotals(): CohortTotals {
  return { size: 0, oneTime: 0, customers: Array.from({ length: CLV_YEARS }, () => 0), revenue: Array.from({ length: CLV_YEARS }, () => 0) };
}

/** Adds one patient of the cohort: active in a year with a visit or revenue that year; year 1 always (they first came then). */
export function addCohortPatient(totals: CohortTotals, p: CohortPatientYears): void {
  totals.size++;
  let visits = 0;
  for (let k = 0; k < CLV_YEARS; k++) {
    const v = p.visits[k] ?? 0;
    const r = Math.max(0, p.revenue[k] ?? 0);
    visits += v;
    if (k === 0 || v > 0 || r > 0) totals.customers[k]!++;
    totals.revenue[k]! += r;
  }
  if (visits <= 1) totals.oneTime++;
}

/**
 * The lifetime-value table of a cohort (the seeds' table): per year 1…5 the customers, retention, revenue, variable
 * cost, net profit and the cumulative discounted lifetime value per cohort patient. Years that are over are as
 * observed; this year is observed so far (`partial`); years to come are projected with the policy's retention from
 * the last observed year's revenue per customer.
 */
export function clvTable(
  totals: CohortTotals,
  settings: Pick<ValueSettings, 'marginRate' | 'discountRate' | 'retentionRate'>,
  cohort: number,
  currentYear: number,
): ClvRow[] {
  const m = settings.marginRate;
  const d = settings.discountRate;
  const r = settings.retentionRate;
  const rows: ClvRow[] = [];
  let cumulative = 0;
  let prevCustomers = 0;
  let perCustomer = 0;
  for (let k = 0; k < CLV_YEARS; k++) {
    const calendarYear = cohort + k;
    const basis: ClvBasis = calendarYear < currentYear ? 'observed' : calendarYear === currentYear ? 'partial' : 'projected';
    let customers: number;
    let revenue: number;
    if (basis === 'projected') {
      customers = prevCustomers * r;
      revenue = Math.round(customers * perCustomer);
    } else {
      customers = totals.customers[k] ?? 0;
      revenue = totals.revenue[k] ?? 0;
      // Projections start from the last year that is over (or this year so far when none is).
      if (basis === 'observed' || k === 0) perCustomer = customers ? revenue / customers : 0;
    }
    const variableCost = Math.round(revenue * (1 - m));
    const netProfit = revenue - variableCost;
    const discountFactor = 1 / Math.pow(1 + d, k);
    const discounted = netProfit * discountFactor;
    cumulative += discounted;
    rows.push({
      year: k + 1,
      calendarYear,
      basis,
      customers: round(customers, 2),
      retentionRate: k === 0 ? null : basis === 'projected' ? r : prevCustomers > 0 ? round(customers / prevCustomers, 3) : null,
      revenue,
      variableCost,
      netProfit,
      discountFactor: round(discountFactor, 4),
      discountedProfit: Math.round(discounted),
      cumulativeDiscountedProfit: Math.round(cumulative),
      lifetimeValue: totals.size ? Math.round(cumulative / totals.size) : 0,
    });
    prevCustomers = customers;
  }
  return rows;
}
