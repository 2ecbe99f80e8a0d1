import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/index.js';
import { ConsultationsModule } from '../consultations/index.js';
import { MessagingModule } from '../messaging/index.js';
import { HomeController } from './home.controller.js';
import { HomeService } from './home.service.js';

/** 首页: reads only, through the appointments, consultations and messaging modules' exports; it owns no table. */
@Module({
  imports: [AppointmentsModule, ConsultationsModule, MessagingModule],
  controllers: [HomeController],
  providers: [HomeService],
})
export class HomeModule {}
