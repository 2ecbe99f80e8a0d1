import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/index.js';
import { StaffModule } from '../staff/index.js';
import { HealthRecordController } from './health-record.controller.js';
import { HealthRecordService } from './health-record.service.js';

/** The patient health record (客户健康档案): entries and readings. */
@Module({
  imports: [ConsentsModule, StaffModule],
  controllers: [HealthRecordController],
  providers: [HealthRecordService],
  exports: [HealthRecordService],
})
export class HealthRecordModule {}
