import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';

/** The audit service itself lives in the core module: every capability records through it. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
