import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { StaffController } from './staff.controller.js';
import { StaffService } from './staff.service.js';

@Module({ imports: [PatientsModule], controllers: [StaffController], providers: [StaffService], exports: [StaffService] })
export class StaffModule {}
