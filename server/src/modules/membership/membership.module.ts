import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { PaymentsModule } from '../payments/index.js';
import { SurveysModule } from '../surveys/index.js';
import { MembershipController } from './membership.controller.js';
import { MembershipReports } from './membership-reports.reader.js';
import { RecomputeProgress } from './membership-recompute-progress.js';
import { MembershipSegmentFacts } from './membership-segment-facts.js';
import { MembershipService } from './membership.service.js';

/** Member tiers by value, the points ledger, the policy (membership_policies, member_states, tier_changes, points_entries, membership_recomputes). */
@Module({
  imports: [PatientsModule, AppointmentsModule, PaymentsModule, MessagingModule, SurveysModule],
  controllers: [MembershipController],
  providers: [MembershipService, RecomputeProgress, MembershipSegmentFacts, MembershipReports],
  exports: [MembershipService, MembershipSegmentFacts, MembershipReports],
})
export class MembershipModule {}
