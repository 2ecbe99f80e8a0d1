import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module.js';
import { AppointmentsController } from './appointments.controller.js';
import { AppointmentsService } from './appointments.service.js';
import { WaitlistService } from './waitlist.service.js';

@Module({
  imports: [MessagingModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService, WaitlistService],
  exports: [AppointmentsService],
})
export class AppointmentsModule {}
