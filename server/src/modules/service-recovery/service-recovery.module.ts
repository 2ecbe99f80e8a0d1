import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { StaffModule } from '../staff/index.js';
import { ServiceRecoveryController } from './service-recovery.controller.js';
import { ServiceIssues } from './service-issues.service.js';

/** Service recovery (服务补救): service issues and their notes. */
@Module({
  imports: [PatientsModule, StaffModule, MessagingModule],
  controllers: [ServiceRecoveryController],
  providers: [ServiceIssues],
  exports: [ServiceIssues],
})
export class ServiceRecoveryModule {}
