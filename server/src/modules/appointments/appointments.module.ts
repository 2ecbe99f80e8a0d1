import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { PaymentsModule } from '../payments/index.js';
import { SchedulingModule } from '../scheduling/index.js';
import { AppointmentsController } from './appointments.controller.js';
import { AppointmentsReader } from './appointments.reader.js';
import { AppointmentsService } from './appointments.service.js';
import { VisitSegmentFacts } from './visit-segment-facts.js';
import { VisitCohorts } from './visit-cohorts.reader.js';
import { VisitRecords } from './visit-records.service.js';
import { VisitsReader } from './visits.reader.js';
import { WaitlistService } from './waitlist.service.js';

/** Appointments (held, paid through the checkout, moved, checked in, completed into visits) and waitlists. */
@Module({
  imports: [MessagingModule, PaymentsModule, SchedulingModule, CatalogModule, PatientsModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService, WaitlistService, VisitsReader, VisitRecords, VisitSegmentFacts, AppointmentsReader, VisitCohorts],
  exports: [AppointmentsService, VisitsReader, VisitSegmentFacts, AppointmentsReader, VisitCohorts],
})
export class AppointmentsModule {}
