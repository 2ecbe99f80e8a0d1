import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { PaymentsModule } from '../payments/index.js';
import { StaffModule } from '../staff/index.js';
import { SurveysModule } from '../surveys/index.js';
import { MemberCare } from './member-care.service.js';
import { MembershipController } from './membership.controller.js';
import { MembershipReports } from './membership-reports.reader.js';
import { RecomputeProgress } from './membership-recompute-progress.js';
import { MembershipSegmentFacts } from './membership-segment-facts.js';
import { MembershipService } from './membership.service.js';

/** Member tiers by value, the points ledger, the policy (membership_policies, member_states, tier_changes, points_entries, membership_recomputes, health_butlers, referral_codes, referrals). */
@Module({
  imports: [PatientsModule, AppointmentsModule, PaymentsModule, MessagingModule, SurveysModule, StaffModule],
  controllers: [MembershipController],
  providers: [MembershipService, RecomputeProgress, MembershipSegmentFacts, MembershipReports, MemberCare],
  exports: [MembershipService, MembershipSegmentFacts, MembershipReports],
})
export class MembershipModule {}
