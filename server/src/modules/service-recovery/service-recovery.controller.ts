import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Locale, ServiceIssueDetail, ServiceIssueSummary, ServiceIssueView } from '@yiban/shared';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { IssueIdParam, IssueListQueryDto, IssueNoteDto, ResolveIssueDto } from './service-recovery.dto.js';
import { ServiceIssues } from './service-issues.service.js';

/** Service recovery for service staff and admins: the issues patients' answers opened, their SLA, notes and resolution. */
@ApiTags('service-issues')
@Controller('service-issues')
@Roles('service', 'admin')
export class ServiceRecoveryController {
  constructor(@Inject(ServiceIssues) private readonly issues: ServiceIssues) {}

  @Get()
  @ApiOperation({ summary: 'Issues, newest first: open (default), overdue (open past the SLA), resolved or all' })
  list(@Query() query: IssueListQueryDto): Promise<{ items: ServiceIssueView[]; nextCursor: string | null }> {
    return this.issues.list({ status: query.status ?? 'open', limit: query.limit ?? 50, cursor: query.cursor });
  }

  @Get('summary')
  @ApiOperation({ summary: 'Open, overdue and resolved counts; mean hours to resolve' })
  summary(): Promise<ServiceIssueSummary> {
    return this.issues.summary();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One issue with what the patient said (a read of their answers, audited) and the notes' })
  detail(@CurrentStaff() actor: StaffPrincipal, @Param() params: IssueIdParam, @ReaderLocale() locale: Locale): Promise<ServiceIssueDetail> {
    return this.issues.detail(actor, params.id, locale);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the issue: the caller owns it' })
  assign(@CurrentStaff() actor: StaffPrincipal, @Param() params: IssueIdParam, @ReaderLocale() locale: Locale): Promise<ServiceIssueDetail> {
    return this.issues.assignToMe(actor, params.id, locale);
  }

  @Post(':id/notes')
  @HttpCode(200)
  note(
    @CurrentStaff() actor: StaffPrincipal,
    @Param() params: IssueIdParam,
    @Body() body: IssueNoteDto,
    @ReaderLocale() locale: Locale,
  ): Promise<ServiceIssueDetail> {
    return this.issues.addNote(actor, params.id, body.text, locale);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve: the patient reads the resolution in 消息 and is asked again shortly after' })
  resolve(
    @CurrentStaff() actor: StaffPrincipal,
    @Param() params: IssueIdParam,
    @Body() body: ResolveIssueDto,
    @ReaderLocale() locale: Locale,
  ): Promise<ServiceIssueDetail> {
    return this.issues.resolve(actor, params.id, body.resolution, locale);
  }
}
