import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/index.js';
import { FollowupsModule } from '../followups/index.js';
import { MembershipModule } from '../membership/index.js';
import { PatientsModule } from '../patients/index.js';
import { PaymentsModule } from '../payments/index.js';
import { ServiceRecoveryModule } from '../service-recovery/index.js';
import { SurveysModule } from '../surveys/index.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsService } from './analytics.service.js';

/** Reports over what other modules own (read through their exports); no tables of its own. */
@Module({
  imports: [SurveysModule, ServiceRecoveryModule, FollowupsModule, MembershipModule, AppointmentsModule, PaymentsModule, PatientsModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService],
})
export class AnalyticsModule {}
