import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type {
  CampaignCalendarEntry,
  CampaignMessageKindView,
  CampaignRecipientView,
  CampaignStats,
  CampaignTimelinePoint,
  CampaignView,
  Page,
} from '@yiban/shared';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { ActingPatient, CurrentStaff, PatientRoute, Roles } from '../../common/auth/decorators.js';
import type { ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import {
  CampaignCalendarQuery,
  CampaignIdParam,
  CampaignListQuery,
  CampaignOpenDto,
  CampaignRecipientsQuery,
  CampaignTimelineQuery,
  CreateCampaignDto,
  RejectCampaignDto,
  TestRecipientDto,
  UpdateCampaignDto,
} from './campaigns.dto.js';
import { CampaignsService } from './campaigns.service.js';

/** Push campaigns: marketing and admins write and read aggregates and contact state; only an admin reviews. */
@ApiTags('campaigns')
@Controller()
export class CampaignsController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  @Post('campaigns')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Write a campaign (draft): segment, marketing message kind, words, landing page, schedule' })
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(staff, body);
  }

  @Get('campaigns')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Campaigns, newest first, optionally of one status (cursor pages)' })
  list(@Query() query: CampaignListQuery): Promise<Page<CampaignView>> {
    return this.campaigns.list(query);
  }

  @Get('campaigns/message-kinds')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'The message kinds a campaign may send, with their template and its keywords' })
  messageKinds(): CampaignMessageKindView[] {
    return this.campaigns.messageKinds();
  }

  @Get('campaigns/calendar')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Every send planned or made in a month (hospital time), recurring and triggered ones expanded' })
  calendar(@Query() query: CampaignCalendarQuery): Promise<CampaignCalendarEntry[]> {
    return this.campaigns.calendar(query.month);
  }

  @Put('campaigns/test-recipient')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Record the caller’s own WeChat openid for test sends' })
  testRecipient(@CurrentStaff() staff: StaffPrincipal, @Body() body: TestRecipientDto): Promise<{ openid: string }> {
    return this.campaigns.setTestRecipient(staff, body.openid);
  }

  @Get('campaigns/:id')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'One campaign with its reviews and next send' })
  get(@Param() params: CampaignIdParam): Promise<CampaignView> {
    return this.campaigns.view(params.id);
  }

  @Patch('campaigns/:id')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Change a campaign before it sends; an approved or scheduled one goes back to draft (review again)' })
  update(@Param() params: CampaignIdParam, @Body() body: UpdateCampaignDto): Promise<CampaignView> {
    return this.campaigns.update(params.id, body);
  }

  @Post('campaigns/:id/submit')
  @HttpCode(200)
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Draft → in review' })
  submit(@CurrentStaff() staff: StaffPrincipal, @Param() params: CampaignIdParam): Promise<CampaignView> {
    return this.campaigns.submit(staff, params.id);
  }

  @Post('campaigns/:id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'In review → approved, by an admin who is not the author' })
  approve(@CurrentStaff() staff: StaffPrincipal, @Param() params: CampaignIdParam): Promise<CampaignView> {
    return this.campaigns.approve(staff, params.id);
  }

  @Post('campaigns/:id/reject')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'In review → draft with the reviewer’s comment, by an admin who is not the author' })
  reject(@CurrentStaff() staff: StaffPrincipal, @Param() params: CampaignIdParam, @Body() body: RejectCampaignDto): Promise<CampaignView> {
    return this.campaigns.reject(staff, params.id, body.comment);
  }

  @Post('campaigns/:id/schedule')
  @HttpCode(200)
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Approved → scheduled: sends at schedule.at (at once when past or absent), or as the schedule repeats' })
  schedule(@Param() params: CampaignIdParam): Promise<CampaignView> {
    return this.campaigns.schedule(params.id);
  }

  @Post('campaigns/:id/pause')
  @HttpCode(200)
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Hold the campaign and its unsent messages' })
  pause(@Param() params: CampaignIdParam): Promise<CampaignView> {
    return this.campaigns.pause(params.id);
  }

  @Post('campaigns/:id/resume')
  @HttpCode(200)
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Carry on where it was paused' })
  resume(@Param() params: CampaignIdParam): Promise<CampaignView> {
    return this.campaigns.resume(params.id);
  }

  @Post('campaigns/:id/cancel')
  @HttpCode(200)
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Stop for good; unsent messages are skipped (cancelled)' })
  cancel(@Param() params: CampaignIdParam): Promise<CampaignView> {
    return this.campaigns.cancel(params.id);
  }

  @Post('campaigns/:id/test-send')
  @HttpCode(200)
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Send the message as patients get it (title 【测试】…) to the caller’s own WeChat; WeChat’s answer returned' })
  testSend(@CurrentStaff() staff: StaffPrincipal, @Param() params: CampaignIdParam): ReturnType<CampaignsService['testSend']> {
    return this.campaigns.testSend(staff, params.id);
  }

  @Get('campaigns/:id/stats')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Targeted, sent, skipped by reason, failed by errcode, pending, opened, converted (7 days)' })
  stats(@Param() params: CampaignIdParam): Promise<CampaignStats> {
    return this.campaigns.stats(params.id);
  }

  @Get('campaigns/:id/timeline')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Sent, failed and opened per hour or day' })
  timeline(@Param() params: CampaignIdParam, @Query() query: CampaignTimelineQuery): Promise<CampaignTimelinePoint[]> {
    return this.campaigns.timeline(params.id, query.bucket ?? 'hour');
  }

  @Get('campaigns/:id/recipients')
  @Roles('marketing', 'admin')
  @ApiOperation({ summary: 'Every recipient’s outcome (contact state only; names masked), cursor pages' })
  recipients(@Param() params: CampaignIdParam, @Query() query: CampaignRecipientsQuery): Promise<Page<CampaignRecipientView>> {
    return this.campaigns.recipients(params.id, query);
  }

  @Get('campaigns/:id/recipients.csv')
  @Roles('marketing', 'admin')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Every recipient’s outcome as CSV (UTF-8 with BOM for Excel), streamed' })
  async recipientsCsv(@Param() params: CampaignIdParam, @Res() res: Response): Promise<void> {
    const batches = this.campaigns.allRecipients(params.id)[Symbol.asyncIterator]();
    const first = await batches.next(); // a missing campaign answers 404 before anything is written
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="campaign-${params.id}-recipients.csv"`);
    res.write('\ufeff');
    const csv = stringify({ header: true, columns: ['patientId', 'patientName', 'status', 'reason', 'errcode', 'sentAt', 'openedAt'] });
    csv.pipe(res);
    const write = (rows: CampaignRecipientView[]) =>
      new Promise<void>((resolve) => {
        let ok = true;
        for (const r of rows)
          ok = csv.write([r.patientId, r.patientName ?? '', r.status, r.reason ?? '', r.errcode ?? '', r.sentAt ?? '', r.openedAt ?? '']) && ok;
        if (ok) resolve();
        else csv.once('drain', () => resolve());
      });
    if (!first.done) await write(first.value);
    for (let next = await batches.next(); !next.done; next = await batches.next()) await write(next.value);
    csv.end();
  }

  @Post('me/campaign-opens')
  @HttpCode(200)
  @PatientRoute()
  @ApiOperation({ summary: 'The patient opened a campaign’s landing page (its link carries c=<campaignId>)' })
  opened(@ActingPatient() patient: ActingProfile, @Body() body: CampaignOpenDto): Promise<{ opened: true }> {
    return this.campaigns.opened(patient.id, body.campaignId);
  }
}
