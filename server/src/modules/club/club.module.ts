import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/index.js';
import { MembershipModule } from '../membership/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { PaymentsModule } from '../payments/index.js';
import { SurveysModule } from '../surveys/index.js';
import { ClubController } from './club.controller.js';
import { ClubService } from './club.service.js';

/** The VIP club: events and registrations (club_events, club_registrations). */
@Module({
  imports: [PatientsModule, PaymentsModule, MessagingModule, MembershipModule, SurveysModule, CampaignsModule],
  controllers: [ClubController],
  providers: [ClubService],
  exports: [ClubService],
})
export class ClubModule {}
