import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SessionsService } from './sessions.service.js';

@Module({ imports: [PatientsModule, StaffModule], controllers: [AuthController], providers: [AuthService, SessionsService] })
export class AuthModule {}
