import { Injectable } from '@nestjs/common';
import type { Locale, MemberTier } from '@yiban/shared';
import type { StaffPrincipal } from '../../common/auth/principal.js';

/** A follow-up plan as a patient's summary lists it. */
export interface PanelFollowUp {
  id: string;
  title: string;
  status: string;
}

/**
 * What other modules add to a patient's summary for the staff caring for them (the panel beside a consultation): the
 * member tier and the follow-up plans. Those modules sit above the readers of the summary (membership and follow-ups
 * build on consultations' ratings through surveys), so instead of being imported they register a lookup here at start,
 * as membership tells the checkout its discounts. The caller has already decided, through the access policy, that the
 * reader may see the patient; each lookup shows only what its own rules let that reader see.
 */
@Injectable()
export class PatientPanel {
  private tierOf: ((patientId: string) => Promise<MemberTier>) | null = null;
  private followUpsOf: ((reader: StaffPrincipal, patientId: string, locale: Locale) => Promise<PanelFollowUp[]>) | null = null;

  provideTier(lookup: (patientId: string) => Promise<MemberTier>): void {
    this.tierOf = lookup;
  }

  provideFollowUps(lookup: (reader: StaffPrincipal, patientId: string, locale: Locale) => Promise<PanelFollowUp[]>): void {
    this.followUpsOf = lookup;
  }

  /** The tier (null when membership is not part of this application) and the plans the reader may see. */
  async of(reader: StaffPrincipal, patientId: string, locale: Locale): Promise<{ tier: MemberTier | null; followUps: PanelFollowUp[] }> {
    const [tier, followUps] = await Promise.all([
      this.tierOf ? this.tierOf(patientId) : null,
      this.followUpsOf ? this.followUpsOf(reader, patientId, locale) : [],
    ]);
    return { tier, followUps };
  }
}
