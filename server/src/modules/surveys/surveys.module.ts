import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/index.js';
import { CatalogModule } from '../catalog/index.js';
import { ConsultationsModule } from '../consultations/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { ServiceRecoveryModule } from '../service-recovery/index.js';
import { SurveysController } from './surveys.controller.js';
import { ServiceQuality } from './service-quality.js';
import { SurveysService } from './surveys.service.js';

/** Satisfaction surveys on the questionnaire engine (templates, versions, invitations, responses, gaps). */
@Module({
  imports: [PatientsModule, AppointmentsModule, MessagingModule, ServiceRecoveryModule, CatalogModule, ConsultationsModule],
  controllers: [SurveysController],
  providers: [SurveysService, ServiceQuality],
  exports: [SurveysService, ServiceQuality],
})
export class SurveysModule {}
