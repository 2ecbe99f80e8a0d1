import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/index.js';
import { StaffModule } from '../staff/index.js';
import { AuditLogReader } from './audit-log.reader.js';
import { AuditController } from './audit.controller.js';

/** The audit service itself lives in the core module: every capability records through it. This module reads the log for admins. */
@Module({ imports: [StaffModule, PatientsModule], controllers: [AuditController], providers: [AuditLogReader] })
export class AuditModule {}
