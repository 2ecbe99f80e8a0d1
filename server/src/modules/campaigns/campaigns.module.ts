import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/index.js';
import { ContentModule } from '../content/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { SegmentsModule } from '../segments/index.js';
import { StaffModule } from '../staff/index.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';

/** Push campaigns: review, schedules, materialising runs onto the outbound path, results. */
@Module({
  imports: [AppointmentsModule, ContentModule, MessagingModule, PatientsModule, SegmentsModule, StaffModule],
  controllers: [CampaignsController],
  providers: [CampaignsService],
  exports: [CampaignsService],
})
export class CampaignsModule {}
