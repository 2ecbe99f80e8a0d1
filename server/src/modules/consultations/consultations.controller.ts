import {
  Body,
  Controller,
  Delete,
  type CallHandler,
  type ExecutionContext,
  Get,
  Headers,
  HttpCode,
  Inject,
  Injectable,
  type NestInterceptor,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CONSULT_IMAGE_MAX_BYTES,
  type CannedReplyView,
  type ConsultationEligibility,
  type ConsultationView,
  type ConsultationWithPayment,
  type ConsultMessagesPage,
  type ConsultMessageView,
  type ConsultPatientSummary,
  type ConsultReviewItem,
  type InboxPage,
  type Locale,
  type TransferTarget,
} from '@yiban/shared';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { ActingPatient, CurrentAccount, CurrentPrincipal, CurrentStaff, PatientRoute, Public, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal, ActingProfile, Principal, StaffPrincipal } from '../../common/auth/principal.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { Clock } from '../../integrations/clock.js';
import { Checkout } from '../payments/index.js';
import { ConsultDeskService } from './consult-desk.service.js';
import { ConsultViews } from './consult-views.js';
import {
  CreateCannedReplyDto,
  CreateConsultationDto,
  EligibilityQuery,
  IdParam,
  ImageParams,
  ImageQuery,
  ImageUploadDto,
  InboxQuery,
  ListConsultationsQuery,
  MarkReadDto,
  MessagesQuery,
  PostMessageDto,
  PostNoteDto,
  RateDto,
  ReviewDecisionDto,
  ReviewParams,
  TransferDto,
} from './consultations.dto.js';
import { ConsultationsService } from './consultations.service.js';
import { ConsultMediaChecks } from './consult-media-check.js';

/** Multer in memory with the image limits; an oversized file answers CONSULT_IMAGE_TOO_LARGE rather than a bare 413. */
@Injectable()
class ImageUpload implements NestInterceptor {
  private readonly inner = new (FileInterceptor('file', { limits: { fileSize: CONSULT_IMAGE_MAX_BYTES, files: 1, fields: 2, parts: 3 } }))();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.inner.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw new DomainError('CONSULT_IMAGE_TOO_LARGE', { maxMb: CONSULT_IMAGE_MAX_BYTES / 1024 / 1024 });
      throw error;
    }
  }
}

/** Chats are read by their patient and by clinical staff; marketing and service never read them (service reviews held messages only). */
const CLINICAL = ['doctor', 'nurse', 'case_manager', 'admin'] as const;
const CHAT_ROLES = ['patient', ...CLINICAL] as const;
const REVIEWERS = ['service', 'admin'] as const;

@ApiTags('consultations')
@Controller()
export class ConsultationsController {
  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ConsultDeskService) private readonly desk: ConsultDeskService,
    @Inject(ConsultViews) private readonly views: ConsultViews,
    @Inject(Checkout) private readonly checkout: Checkout,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ConsultMediaChecks) private readonly mediaChecks: ConsultMediaChecks,
  ) {}

  // ---------------------------------------------------------------- patients

  @Get('consultations/eligibility')
  @PatientRoute({ consent: true })
  @ApiOperation({
    summary: 'What the acting profile may start with a department: health consultation always; online follow-up only after a recent visit there',
  })
  eligibility(@ActingPatient() patient: ActingProfile, @Query() query: EligibilityQuery): Promise<ConsultationEligibility> {
    return this.consultations.eligibility(patient, query.departmentId);
  }

  @Post('consultations')
  @PatientRoute({ consent: true, realName: true })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body → the same consultation' })
  @ApiOperation({ summary: 'Start a consultation (first question checked by WeChat content security); a fee → wx.requestPayment parameters' })
  async create(
    @CurrentAccount() account: AccountPrincipal,
    @ActingPatient() patient: ActingProfile,
    @Body() body: CreateConsultationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @ReaderLocale() locale: Locale,
  ): Promise<ConsultationWithPayment> {
    const prepared = await this.consultations.prepare(patient, body);
    const sale = await this.checkout.sell({
      accountId: account.accountId,
      idempotencyKey: key,
      request: `POST /consultations ${patient.id}`,
      body,
      purpose: 'consultation',
      create: async (m) => (await this.consultations.open(m, patient, body, prepared)).id,
    });
    res.status(sale.status);
    if (sale.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const consultation = await this.consultations.visibleTo(account, sale.subjectId);
    await this.views.publishConsultation(consultation);
    return { consultation: await this.views.view(consultation, account, locale), payment: sale.payment };
  }

  @Get('consultations')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s consultations, latest activity first' })
  async list(
    @CurrentAccount() account: AccountPrincipal,
    @ActingPatient() patient: ActingProfile,
    @Query() query: ListConsultationsQuery,
    @ReaderLocale() locale: Locale,
  ): Promise<ConsultationView[]> {
    return this.views.views(await this.consultations.listForPatient(patient, query.status), account, locale);
  }

  @Get('consultations/images/:messageId')
  @Public()
  @ApiOperation({ summary: 'An image of a consultation, through the signed address the API handed out (no header needed)' })
  async image(@Param() params: ImageParams, @Query() query: ImageQuery, @Res() res: Response): Promise<void> {
    if (!this.views.links.verify(params.messageId, query.exp, query.sig, this.clock.now())) throw new DomainError('CONSULT_IMAGE_LINK_INVALID');
    const image = await this.consultations.image(params.messageId);
    if (!image) throw new DomainError('NOT_FOUND');
    res.setHeader('Content-Type', image.contentType);
    res.setHeader('Cache-Control', 'private, max-age=600');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.end(image.body);
  }

  @Get('consultations/:id')
  @Roles(...CHAT_ROLES)
  @ApiOperation({ summary: 'One consultation (its patient’s account, or staff of its department / its assignee)' })
  async get(@CurrentPrincipal() principal: Principal, @Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<ConsultationView> {
    const consultation = await this.consultations.visibleTo(principal, params.id, 'read');
    if (principal.kind === 'staff') await this.desk.auditRead(principal, consultation);
    return this.views.view(consultation, principal, locale);
  }

  @Post('consultations/:id/pay')
  @HttpCode(200)
  @Roles('patient')
  @ApiOperation({ summary: 'The wx.requestPayment parameters again for a consultation waiting for its fee' })
  async pay(@CurrentAccount() account: AccountPrincipal, @Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<ConsultationWithPayment> {
    const consultation = await this.consultations.visibleTo(account, params.id, 'pay');
    const payment = await this.checkout.pay('consultation', consultation.id);
    return { consultation: await this.views.view(consultation, account, locale), payment };
  }

  @Get('consultations/:id/messages')
  @Roles(...CHAT_ROLES)
  @ApiOperation({ summary: 'Messages in order: after a seq (catch-up), before one (history), or the latest page' })
  async messages(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParam,
    @Query() query: MessagesQuery,
    @ReaderLocale() locale: Locale,
  ): Promise<ConsultMessagesPage> {
    const consultation = await this.consultations.visibleTo(principal, params.id, 'read');
    if (principal.kind === 'staff') await this.desk.auditRead(principal, consultation);
    return this.consultations.messages(consultation, principal, query, locale);
  }

  @Post('consultations/:id/messages')
  @Roles(...CHAT_ROLES)
  @ApiOperation({ summary: 'Write a text message (WeChat content security: risky → 422, review → held for service staff)' })
  async post(@CurrentPrincipal() principal: Principal, @Param() params: IdParam, @Body() body: PostMessageDto): Promise<ConsultMessageView> {
    const consultation = await this.consultations.visibleTo(principal, params.id, 'write');
    return this.consultations.postText(consultation, principal, body);
  }

  @Post('consultations/:id/images')
  @Roles(...CHAT_ROLES)
  @UseInterceptors(ImageUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, clientId: { type: 'string' } }, required: ['file'] } })
  @ApiOperation({
    summary: 'Send an image (JPEG, PNG or WebP, at most 5 MB; stored re-encoded as JPEG). A patient’s is `checking` until WeChat’s media check answers',
  })
  async postImage(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParam,
    @UploadedFile() file: { buffer: Buffer; size: number } | undefined,
    @Body() body: ImageUploadDto,
  ): Promise<ConsultMessageView> {
    const consultation = await this.consultations.visibleTo(principal, params.id, 'write');
    const view = await this.consultations.postImage(consultation, principal, file, body.clientId);
    // A patient's picture waits for WeChat's media check: asked now (a job asks again if WeChat cannot be reached).
    return view.state === 'checking' ? this.mediaChecks.askAfterUpload(view) : view;
  }

  @Post('consultations/:id/read')
  @HttpCode(204)
  @Roles(...CHAT_ROLES)
  @ApiOperation({ summary: 'Read receipt: everything up to this seq has been seen' })
  async read(@CurrentPrincipal() principal: Principal, @Param() params: IdParam, @Body() body: MarkReadDto): Promise<void> {
    const consultation = await this.consultations.visibleTo(principal, params.id, 'read');
    await this.consultations.markRead(consultation, principal, body.seq);
  }

  @Post('consultations/:id/close')
  @HttpCode(200)
  @Roles(...CHAT_ROLES)
  @ApiOperation({ summary: 'End the consultation (the patient, or the doctor); the patient may then rate it' })
  async close(@CurrentPrincipal() principal: Principal, @Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<ConsultationView> {
    const consultation = await this.consultations.visibleTo(principal, params.id, 'close');
    return this.views.view(await this.consultations.close(consultation, principal), principal, locale);
  }

  @Post('consultations/:id/rating')
  @HttpCode(200)
  @Roles('patient')
  @ApiOperation({ summary: 'Rate an ended consultation (once)' })
  async rate(
    @CurrentAccount() account: AccountPrincipal,
    @Param() params: IdParam,
    @Body() body: RateDto,
    @ReaderLocale() locale: Locale,
  ): Promise<ConsultationView> {
    const consultation = await this.consultations.visibleTo(account, params.id, 'rate');
    return this.views.view(await this.consultations.rate(consultation, body), account, locale);
  }

  // ---------------------------------------------------------------- staff

  @Get('staff/consultations')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Doctor inbox: mine, the department’s unassigned, overdue, closed; with counts' })
  inbox(@CurrentStaff() staff: StaffPrincipal, @Query() query: InboxQuery, @ReaderLocale() locale: Locale): Promise<InboxPage> {
    return this.desk.inbox(staff, query.box ?? 'mine', query.departmentId, locale);
  }

  @Post('consultations/:id/claim')
  @HttpCode(200)
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Take an unassigned consultation of my department' })
  async claim(@CurrentStaff() principal: StaffPrincipal, @Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<ConsultationView> {
    return this.views.view(await this.desk.claim(principal, params.id), principal, locale);
  }

  @Get('consultations/:id/transfer-targets')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Who it can be handed to: the department’s doctors and the case managers, least busy first' })
  transferTargets(@CurrentStaff() principal: StaffPrincipal, @Param() params: IdParam): Promise<TransferTarget[]> {
    return this.desk.transferTargets(principal, params.id);
  }

  @Post('consultations/:id/transfer')
  @HttpCode(200)
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Hand the consultation to a colleague or a case manager (the patient is told; the note stays private)' })
  async transfer(
    @CurrentStaff() principal: StaffPrincipal,
    @Param() params: IdParam,
    @Body() body: TransferDto,
    @ReaderLocale() locale: Locale,
  ): Promise<ConsultationView> {
    return this.views.view(await this.desk.transfer(principal, params.id, body), principal, locale);
  }

  @Post('consultations/:id/notes')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'A private note between staff, never shown to the patient' })
  async note(@CurrentStaff() principal: StaffPrincipal, @Param() params: IdParam, @Body() body: PostNoteDto): Promise<ConsultMessageView> {
    const consultation = await this.consultations.visibleTo(principal, params.id, 'note');
    return this.consultations.postNote(consultation, principal, body.text);
  }

  @Get('consultations/:id/patient-summary')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'The patient beside the chat: profile, visits, earlier consultations (each read audited)' })
  patientSummary(@CurrentStaff() principal: StaffPrincipal, @Param() params: IdParam, @ReaderLocale() locale: Locale): Promise<ConsultPatientSummary> {
    return this.desk.patientSummary(principal, params.id, locale);
  }

  @Get('staff/canned-replies')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'My canned replies and my department’s' })
  cannedReplies(@CurrentStaff() principal: StaffPrincipal): Promise<CannedReplyView[]> {
    return this.desk.cannedReplies(principal);
  }

  @Post('staff/canned-replies')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Keep a canned reply for myself or for my department' })
  createCannedReply(@CurrentStaff() principal: StaffPrincipal, @Body() body: CreateCannedReplyDto): Promise<CannedReplyView> {
    return this.desk.createCannedReply(principal, body);
  }

  @Delete('staff/canned-replies/:id')
  @HttpCode(204)
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Delete a canned reply I may edit' })
  async deleteCannedReply(@CurrentStaff() principal: StaffPrincipal, @Param() params: IdParam): Promise<void> {
    await this.desk.deleteCannedReply(principal, params.id);
  }

  @Get('staff/consult-reviews')
  @Roles(...REVIEWERS)
  @ApiOperation({ summary: 'Messages held by content security, oldest first (service staff)' })
  reviews(@CurrentStaff() principal: StaffPrincipal, @ReaderLocale() locale: Locale): Promise<ConsultReviewItem[]> {
    return this.desk.reviews(principal, locale);
  }

  @Post('staff/consult-reviews/:messageId')
  @HttpCode(200)
  @Roles(...REVIEWERS)
  @ApiOperation({ summary: 'Approve (shown to both sides) or reject a held message' })
  async decide(
    @CurrentStaff() principal: StaffPrincipal,
    @Param() params: ReviewParams,
    @Body() body: ReviewDecisionDto,
    @ReaderLocale() locale: Locale,
  ): Promise<ConsultMessageView> {
    return this.views.messageView(await this.desk.decide(principal, params.messageId, body.decision), locale);
  }
}
