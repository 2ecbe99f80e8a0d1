import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { SchedulingController } from './scheduling.controller.js';
import { SchedulingService } from './scheduling.service.js';

@Module({ imports: [AppointmentsModule], controllers: [SchedulingController], providers: [SchedulingService], exports: [SchedulingService] })
export class SchedulingModule {}
