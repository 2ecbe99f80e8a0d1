import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/index.js';
import { PatientPanel } from './patient-panel.js';
import { PatientRecordsController } from './patient-records.controller.js';
import { PatientsController } from './patients.controller.js';
import { PatientSegmentFacts } from './patient-segment-facts.js';
import { PatientTagsService } from './patient-tags.service.js';
import { PatientsReader } from './patients.reader.js';
import { PatientsService } from './patients.service.js';

/** Patient profiles (self and family) and the WeChat accounts that manage them. */
@Module({
  imports: [StaffModule],
  controllers: [PatientsController, PatientRecordsController],
  providers: [PatientsService, PatientsReader, PatientTagsService, PatientSegmentFacts, PatientPanel],
  exports: [PatientsService, PatientsReader, PatientTagsService, PatientSegmentFacts, PatientPanel],
})
export class PatientsModule {}
