import {
  Body,
  type CallHandler,
  Controller,
  Delete,
  type ExecutionContext,
  Get,
  HttpCode,
  Inject,
  Injectable,
  type NestInterceptor,
  Param,
  Patch,
  PayloadTooLargeException,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ARTICLE_COVER_MAX_BYTES,
  type ArticleCardsPage,
  type ArticleView,
  type PatientArticleView,
  type StaffArticlesPage,
  type StaffArticleView,
} from '@yiban/shared';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { ActingPatient, CurrentStaff, PatientRoute, Public, Roles } from '../../common/auth/decorators.js';
import type { ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { articleView, ArticlesService } from './articles.service.js';
import {
  ApproveArticleDto,
  CoverParam,
  CreateArticleDto,
  FeedQuery,
  IdParam,
  PageQuery,
  PublicArticlesQuery,
  RecordReadDto,
  RejectArticleDto,
  StaffArticlesQuery,
  UpdateArticleDto,
} from './content.dto.js';
import { PatientArticles } from './patient-articles.service.js';

/** Staff who write health education. */
const WRITERS = ['marketing', 'admin'] as const;
/** Staff who review it: admins, and doctors for medical accuracy (never the author: ARTICLE_SELF_REVIEW). */
const REVIEWERS = ['admin', 'doctor'] as const;
const EDITORIAL = ['marketing', 'admin', 'doctor'] as const;

/** Multer in memory with the cover limits; an oversized file answers ARTICLE_COVER_TOO_LARGE rather than a bare 413. */
@Injectable()
class CoverUpload implements NestInterceptor {
  private readonly inner = new (FileInterceptor('file', { limits: { fileSize: ARTICLE_COVER_MAX_BYTES, files: 1, fields: 4, parts: 5 } }))();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    let handled: Observable<unknown>;
    try {
      handled = await this.inner.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw new DomainError('ARTICLE_COVER_TOO_LARGE', { maxMb: ARTICLE_COVER_MAX_BYTES / 1024 / 1024 });
      throw error;
    }
    // The file is all a cover upload sends: any other form field is refused, as an unknown JSON field is.
    const fields = Object.keys((context.switchToHttp().getRequest<Request>().body ?? {}) as object);
    if (fields.length) throw new DomainError('UNKNOWN_FIELD', { fields });
    return handled;
  }
}

@ApiTags('content')
@Controller()
export class ContentController {
  constructor(
    @Inject(ArticlesService) private readonly articles: ArticlesService,
    @Inject(PatientArticles) private readonly reading: PatientArticles,
  ) {}

  // ---------------------------------------------------------------- anyone

  @Get('articles')
  @Public()
  @ApiOperation({ summary: 'Published health-education articles, newest first (cards without the body); by tag, department, language' })
  list(@Query() query: PublicArticlesQuery): Promise<ArticleCardsPage> {
    return this.reading.publicList(query);
  }

  @Get('articles/covers/:coverId')
  @Public()
  @ApiOperation({ summary: 'An uploaded cover or article picture (JPEG)' })
  async cover(@Param() params: CoverParam, @Res() res: Response): Promise<void> {
    const image = await this.articles.cover(params.coverId);
    if (!image) throw new DomainError('NOT_FOUND');
    res.setHeader('Content-Type', image.contentType);
    res.setHeader('Cache-Control', 'public, max-age=86400, immutable');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.end(image.body);
  }

  @Get('articles/:id')
  @Public()
  @ApiOperation({ summary: 'One published article with its sanitised HTML body' })
  async get(@Param() params: IdParam): Promise<ArticleView> {
    return articleView(await this.reading.publicOne(params.id));
  }

  // ---------------------------------------------------------------- writers

  @Post('articles')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Write a draft (body HTML sanitised: scripts, event handlers, styles, frames and foreign addresses removed)' })
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateArticleDto): Promise<StaffArticleView> {
    return this.articles.create(staff, body);
  }

  @Patch('articles/:id')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Edit an article; a published or scheduled one goes back to review (it leaves the feed until approved again)' })
  update(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam, @Body() body: UpdateArticleDto): Promise<StaffArticleView> {
    return this.articles.update(staff, params.id, body);
  }

  @Post('articles/:id/cover')
  @HttpCode(200)
  @Roles(...WRITERS)
  @UseInterceptors(CoverUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOperation({ summary: 'Upload a cover (JPEG, PNG or WebP, at most 5 MB; stored re-encoded as JPEG)' })
  setCover(@Param() params: IdParam, @UploadedFile() file: { buffer: Buffer } | undefined): Promise<StaffArticleView> {
    return this.articles.setCover(params.id, file);
  }

  @Post('articles/:id/submit')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Send a draft for review → in_review' })
  submit(@Param() params: IdParam): Promise<StaffArticleView> {
    return this.articles.submit(params.id);
  }

  @Post('articles/:id/archive')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Take an article out of circulation → archived' })
  archive(@Param() params: IdParam): Promise<StaffArticleView> {
    return this.articles.archive(params.id);
  }

  // ---------------------------------------------------------------- reviewers

  @Post('articles/:id/approve')
  @HttpCode(200)
  @Roles(...REVIEWERS)
  @ApiOperation({ summary: 'Approve → published, or scheduled with a future publishAt; the author approving their own → 403 ARTICLE_SELF_REVIEW' })
  approve(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam, @Body() body: ApproveArticleDto): Promise<StaffArticleView> {
    return this.articles.approve(staff, params.id, body.publishAt ? new Date(body.publishAt) : undefined);
  }

  @Post('articles/:id/reject')
  @HttpCode(200)
  @Roles(...REVIEWERS)
  @ApiOperation({ summary: 'Send back to draft with a comment (not by the author)' })
  reject(@CurrentStaff() staff: StaffPrincipal, @Param() params: IdParam, @Body() body: RejectArticleDto): Promise<StaffArticleView> {
    return this.articles.reject(staff, params.id, body.comment);
  }

  // ---------------------------------------------------------------- staff lists

  @Get('staff/articles')
  @Roles(...EDITORIAL)
  @ApiOperation({ summary: 'Every article by status and title words, newest first, with counts per status and reading figures' })
  staffList(@Query() query: StaffArticlesQuery): Promise<StaffArticlesPage> {
    return this.articles.staffList(query);
  }

  @Get('staff/articles/:id')
  @Roles(...EDITORIAL)
  @ApiOperation({ summary: 'One article in any status, with its workflow and reading figures (reads, readers, average seconds, favourites)' })
  staffGet(@Param() params: IdParam): Promise<StaffArticleView> {
    return this.articles.staffView(params.id);
  }

  // ---------------------------------------------------------------- patients

  @Get('me/articles/feed')
  @PatientRoute()
  @ApiOperation({
    summary: 'Published articles for the acting profile: its language first, then departments visited (with health-data consent), then tags of what it read',
  })
  feed(@ActingPatient() patient: ActingProfile, @Query() query: FeedQuery): Promise<ArticleCardsPage> {
    return this.reading.feed(patient, query);
  }

  @Get('me/articles/favourites')
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s favourite articles still published, latest saved first' })
  favourites(@ActingPatient() patient: ActingProfile, @Query() query: PageQuery): Promise<ArticleCardsPage> {
    return this.reading.favourites(patient, query);
  }

  @Get('me/articles/:id')
  @PatientRoute()
  @ApiOperation({ summary: 'One published article with whether the acting profile saved it' })
  mine(@ActingPatient() patient: ActingProfile, @Param() params: IdParam): Promise<PatientArticleView> {
    return this.reading.one(patient, params.id);
  }

  @Post('me/articles/:id/favourite')
  @HttpCode(200)
  @PatientRoute()
  @ApiOperation({ summary: 'Save a published article (again is fine)' })
  favourite(@ActingPatient() patient: ActingProfile, @Param() params: IdParam): Promise<PatientArticleView> {
    return this.reading.favourite(patient, params.id);
  }

  @Delete('me/articles/:id/favourite')
  @HttpCode(204)
  @PatientRoute()
  @ApiOperation({ summary: 'Forget a saved article (not saved is fine)' })
  unfavourite(@ActingPatient() patient: ActingProfile, @Param() params: IdParam): Promise<void> {
    return this.reading.unfavourite(patient, params.id);
  }

  @Post('me/articles/:id/reads')
  @HttpCode(204)
  @PatientRoute()
  @ApiOperation({ summary: 'Time on the page, in seconds, and the campaign that brought the reader (added up per profile, article and campaign)' })
  read(@ActingPatient() patient: ActingProfile, @Param() params: IdParam, @Body() body: RecordReadDto): Promise<void> {
    return this.reading.recordRead(patient, params.id, body);
  }
}
