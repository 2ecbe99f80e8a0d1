import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Locale, SegmentCountResponse, SegmentFieldView, SegmentView } from '@yiban/shared';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import {
  CreateSegmentDto,
  SegmentCountDto,
  SegmentCountResponseDto,
  SegmentFieldViewDto,
  SegmentIdParam,
  SegmentListDto,
  SegmentListQueryDto,
  SegmentViewDto,
  UpdateSegmentDto,
} from './segments.dto.js';
import { SegmentsService } from './segments.service.js';

/** Segments: marketing and admins; counts only (aggregates), never the patients themselves. */
@ApiTags('segments')
@Controller('segments')
@Roles('marketing', 'admin')
export class SegmentsController {
  constructor(@Inject(SegmentsService) private readonly segments: SegmentsService) {}

  @Post('count')
  @HttpCode(200)
  @ApiOperation({ summary: 'How many reachable patients a rule matches (clinical conditions only over patients with the health-data consent)' })
  @ApiOkResponse({ type: SegmentCountResponseDto })
  count(@Body() body: SegmentCountDto): Promise<SegmentCountResponse> {
    return this.segments.measure(body.rule);
  }

  @Get('fields')
  @ApiOperation({ summary: 'The fields the builder offers: ops, value kind, choices, clinical or not, and why a field is not available yet' })
  @ApiOkResponse({ type: SegmentFieldViewDto, isArray: true })
  fields(@ReaderLocale() locale: Locale): SegmentFieldView[] {
    return this.segments.fields(locale);
  }

  @Post()
  @ApiOperation({ summary: 'Save a segment (its count is computed and kept)' })
  @ApiOkResponse({ type: SegmentViewDto })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateSegmentDto): Promise<SegmentView> {
    return this.segments.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Saved segments, newest first, with their last counts' })
  @ApiOkResponse({ type: SegmentListDto })
  list(@Query() query: SegmentListQueryDto): Promise<{ items: SegmentView[]; nextCursor: string | null }> {
    return this.segments.list({ limit: query.limit ?? 50, cursor: query.cursor });
  }

  @Get(':id')
  @ApiOkResponse({ type: SegmentViewDto })
  get(@Param() params: SegmentIdParam): Promise<SegmentView> {
    return this.segments.view(params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, describe or change the rule (counted again)' })
  @ApiOkResponse({ type: SegmentViewDto })
  update(@Param() params: SegmentIdParam, @Body() body: UpdateSegmentDto): Promise<SegmentView> {
    return this.segments.update(params.id, body);
  }

  @Post(':id/recount')
  @HttpCode(200)
  @ApiOperation({ summary: 'Count a saved segment again and keep the figure' })
  @ApiOkResponse({ type: SegmentViewDto })
  recount(@Param() params: SegmentIdParam): Promise<SegmentView> {
    return this.segments.recount(params.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a segment (SEGMENT_IN_USE while a campaign uses it)' })
  async remove(@Param() params: SegmentIdParam): Promise<void> {
    await this.segments.remove(params.id);
  }
}
