import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { StaffModule } from '../staff/index.js';
import { SurveysModule } from '../surveys/index.js';
import { FollowupReport } from './followup-report.js';
import { FollowupsController } from './followups.controller.js';
import { FollowupsService } from './followups.service.js';

/** Follow-up plans (templates, plans, tasks) and the case-manager workbench. */
@Module({
  imports: [PatientsModule, StaffModule, MessagingModule, AppointmentsModule, SurveysModule],
  controllers: [FollowupsController],
  providers: [FollowupsService, FollowupReport],
  exports: [FollowupsService, FollowupReport],
})
export class FollowupsModule {}
