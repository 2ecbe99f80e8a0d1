import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Locale, SurveyInvitationView, SurveyResponseResult, SurveyTemplateView, SurveyTriggerSettings } from '@yiban/shared';
import { ActingPatient, CurrentStaff, PatientRoute, Roles } from '../../common/auth/decorators.js';
import type { ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import {
  CreateInvitationDto,
  CreateTemplateDto,
  IdParam,
  RespondDto,
  SaveDraftDto,
  TemplateListQueryDto,
  TriggerParam,
  TriggerSettingsDto,
} from './surveys.dto.js';
import { SurveysService } from './surveys.service.js';

/** Templates and invitations for staff (service, case managers, admins); the patient's own invitations and answers. */
@ApiTags('surveys')
@Controller('surveys')
export class SurveysController {
  constructor(@Inject(SurveysService) private readonly surveys: SurveysService) {}

  @Get('templates')
  @Roles('service', 'case_manager', 'admin')
  @ApiOperation({
    summary:
      'Questionnaire templates (the defaults: servqual, six_criteria, nps, post_op, chronic_disease), rendered in the reader’s language, with the definition to edit',
  })
  templates(@Query() query: TemplateListQueryDto, @ReaderLocale() locale: Locale): Promise<SurveyTemplateView[]> {
    return this.surveys.templates(locale, query.purpose);
  }

  @Get('templates/:id')
  @Roles('service', 'case_manager', 'admin')
  template(@Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<SurveyTemplateView> {
    return this.surveys.template(params.id, locale);
  }

  @Get('templates/:id/fhir')
  @Roles('service', 'case_manager', 'admin')
  @ApiOperation({ summary: 'The published version as a FHIR R4 Questionnaire' })
  fhir(@Param() params: IdParam): Promise<unknown> {
    return this.surveys.fhir(params.id);
  }

  @Post('templates')
  @Roles('service', 'admin')
  @ApiOperation({ summary: 'A new template; its first version is a draft (a broken definition: SURVEY_TEMPLATE_INVALID with the problems)' })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateTemplateDto, @ReaderLocale() locale: Locale): Promise<SurveyTemplateView> {
    return this.surveys.createTemplate(actor, body, locale);
  }

  @Put('templates/:id/draft')
  @Roles('service', 'admin')
  @ApiOperation({ summary: 'Save the draft: a new version after the published one (which never changes)' })
  saveDraft(@Param() params: IdParam, @Body() body: SaveDraftDto, @ReaderLocale() locale: Locale): Promise<SurveyTemplateView> {
    return this.surveys.saveDraft(params.id, body, locale);
  }

  @Post('templates/:id/publish')
  @HttpCode(200)
  @Roles('service', 'admin')
  @ApiOperation({ summary: 'Publish the draft (checked again); invitations from now on use it' })
  publish(@CurrentStaff() actor: StaffPrincipal, @Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<SurveyTemplateView> {
    return this.surveys.publish(actor, params.id, locale);
  }

  @Get('triggers')
  @Roles('service', 'admin')
  @ApiOperation({ summary: 'Which care events invite, with which template, after how long, for how long' })
  triggers(): Promise<SurveyTriggerSettings[]> {
    return this.surveys.triggerSettings();
  }

  @Put('triggers/:trigger')
  @Roles('admin')
  updateTrigger(@CurrentStaff() actor: StaffPrincipal, @Param() params: TriggerParam, @Body() body: TriggerSettingsDto): Promise<SurveyTriggerSettings[]> {
    return this.surveys.updateTrigger(actor, params.trigger, body);
  }

  @Post('invitations')
  @Roles('service', 'case_manager', 'admin')
  @ApiOperation({ summary: 'Invite one patient by hand: told in 消息 and, against a grant, as a subscribe message' })
  invite(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateInvitationDto): Promise<{ id: string; status: 'pending'; expiresAt: string }> {
    return this.surveys.inviteByHand(actor, body);
  }

  @Get('invitations')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s invitations (pending, answered, expired), newest first' })
  mine(@ActingPatient() patient: ActingProfile, @ReaderLocale() locale: Locale): Promise<SurveyInvitationView[]> {
    return this.surveys.mine(patient, locale);
  }

  @Get('invitations/:id')
  @PatientRoute()
  one(@ActingPatient() patient: ActingProfile, @Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<SurveyInvitationView> {
    return this.surveys.one(patient, params.id, locale);
  }

  @Post('invitations/:id/response')
  @HttpCode(200)
  @PatientRoute()
  @ApiOperation({ summary: 'Answer (once: SURVEY_ALREADY_ANSWERED the second time; SURVEY_EXPIRED after it closed)' })
  respond(@ActingPatient() patient: ActingProfile, @Param() params: IdParam, @Body() body: RespondDto): Promise<SurveyResponseResult> {
    return this.surveys.respond(patient, params.id, body.answers);
  }
}
