import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FollowupAnswersView, FollowupBoxCounts, FollowupPlanView, FollowupTemplateView, Locale, WorkbenchTaskView } from '@yiban/shared';
import { ActingPatient, CurrentStaff, PatientRoute, Roles } from '../../common/auth/decorators.js';
import type { ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import {
  CompleteTaskDto,
  EnrolDto,
  IdParam,
  PatientIdParam,
  RescheduleTaskDto,
  SaveFollowupTemplateDto,
  StopPlanDto,
  TaskListQueryDto,
} from './followups.dto.js';
import { FollowupsService } from './followups.service.js';

const STAFF = ['case_manager', 'doctor', 'nurse', 'admin'] as const;

/** Follow-up plans: templates, enrolment, the case-manager workbench; the patient's own plans. */
@ApiTags('followups')
@Controller()
export class FollowupsController {
  constructor(@Inject(FollowupsService) private readonly followups: FollowupsService) {}

  @Get('followups/templates')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Follow-up plan templates: steps at day offsets, and which visits or discharges enrol automatically' })
  templates(@ReaderLocale() locale: Locale): Promise<FollowupTemplateView[]> {
    return this.followups.templates(locale);
  }

  @Post('followups/templates')
  @Roles('case_manager', 'admin')
  @ApiOperation({ summary: 'A new pathway (checked: FOLLOWUP_TEMPLATE_INVALID with every problem and its path)' })
  createTemplate(@CurrentStaff() staff: StaffPrincipal, @Body() body: SaveFollowupTemplateDto, @ReaderLocale() locale: Locale): Promise<FollowupTemplateView> {
    return this.followups.createTemplate(staff, body, locale);
  }

  @Put('followups/templates/:id')
  @Roles('case_manager', 'admin')
  @ApiOperation({ summary: 'Change a pathway: running plans keep their steps; new enrolments use these' })
  updateTemplate(@Param() params: IdParam, @Body() body: SaveFollowupTemplateDto, @ReaderLocale() locale: Locale): Promise<FollowupTemplateView> {
    return this.followups.updateTemplate(params.id, body, locale);
  }

  @Post('followups/enrolments')
  @Roles(...STAFF)
  @ApiOperation({
    summary:
      'Enrol a patient (health-data consent required; one active plan per template: FOLLOWUP_ALREADY_ENROLLED) → the plan with its tasks on their hospital dates',
  })
  enrol(@CurrentStaff() staff: StaffPrincipal, @Body() body: EnrolDto, @ReaderLocale() locale: Locale): Promise<FollowupPlanView> {
    return this.followups.enrol(staff, body, locale);
  }

  @Get('followups/tasks')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'The workbench: tasks in a box (today, overdue, escalated, upcoming, done) the caller works, with every box’s count' })
  tasks(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: TaskListQueryDto,
    @ReaderLocale() locale: Locale,
  ): Promise<{ items: WorkbenchTaskView[]; nextCursor: string | null; counts: FollowupBoxCounts }> {
    return this.followups.tasks(staff, { box: query.box ?? 'today', limit: query.limit ?? 50, cursor: query.cursor, patientId: query.patientId }, locale);
  }

  @Get('followups/tasks/:id/answers')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'The answers behind a questionnaire step or a red flag (the care team working the task; audited)' })
  answers(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<FollowupAnswersView> {
    return this.followups.answers(staff, params.id, locale);
  }

  @Post('followups/tasks/:id/complete')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Record the outcome (a call not answered comes back tomorrow, up to three tries)' })
  complete(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: IdParam,
    @Body() body: CompleteTaskDto,
    @ReaderLocale() locale: Locale,
  ): Promise<WorkbenchTaskView> {
    return this.followups.complete(staff, params.id, body, locale);
  }

  @Post('followups/tasks/:id/reschedule')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Move a pending task to another day (today to a year ahead)' })
  reschedule(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: IdParam,
    @Body() body: RescheduleTaskDto,
    @ReaderLocale() locale: Locale,
  ): Promise<WorkbenchTaskView> {
    return this.followups.reschedule(staff, params.id, body, locale);
  }

  @Post('followups/plans/:id/stop')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Stop a plan; its open tasks are cancelled' })
  stop(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam, @Body() body: StopPlanDto, @ReaderLocale() locale: Locale): Promise<FollowupPlanView> {
    return this.followups.stop(staff, params.id, body.reason, locale);
  }

  @Get('followups/patients/:patientId/plans')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'A patient’s plans the caller works (audited)' })
  plansOf(@CurrentStaff() staff: StaffPrincipal, @Param() params: PatientIdParam, @ReaderLocale() locale: Locale): Promise<FollowupPlanView[]> {
    return this.followups.plansOf(staff, params.patientId, locale);
  }

  @Get('me/followups')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s follow-up plans with their tasks: what is next and what is done' })
  mine(@ActingPatient() patient: ActingProfile, @ReaderLocale() locale: Locale): Promise<FollowupPlanView[]> {
    return this.followups.mine(patient, locale);
  }
}
