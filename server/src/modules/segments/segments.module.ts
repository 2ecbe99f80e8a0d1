import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/index.js';
import { ConsentsModule } from '../consents/index.js';
import { MembershipModule } from '../membership/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { StaffModule } from '../staff/index.js';
import { SegmentsController } from './segments.controller.js';
import { SegmentsService } from './segments.service.js';

/** Saved segments and their evaluation over the facts other modules provide. */
@Module({
  imports: [PatientsModule, ConsentsModule, AppointmentsModule, MessagingModule, StaffModule, MembershipModule],
  controllers: [SegmentsController],
  providers: [SegmentsService],
  exports: [SegmentsService],
})
export class SegmentsModule {}
