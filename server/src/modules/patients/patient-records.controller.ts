import { Body, Controller, Get, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { BreakGlassGrantView, BreakGlassResponse, PatientView } from '@yiban/shared';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { Optional } from '../../common/http/optional.js';
import { NotBlank } from '../../common/http/validation.js';
import { StaffDirectory } from '../staff/index.js';
import { PatientIdParam, PatientViewDto } from './patients.dto.js';
import { PatientsReader } from './patients.reader.js';
import { PATIENT_TAG_PATTERN, PATIENT_TAGS_MAX, PatientTagsService } from './patient-tags.service.js';
import { PatientsService } from './patients.service.js';

export class BreakGlassDto {
  @ApiProperty({
    description: 'Why the record must be opened outside one’s care (shown to admins); 5–500 characters once trimmed',
    example: '急诊抢救，需查看既往史',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(5, 500)
  @NotBlank()
  reason: string;
}

export class BreakGlassResponseDto implements BreakGlassResponse {
  @ApiProperty() grantId: string;
  @ApiProperty() expiresAt: string;
}

export class BreakGlassQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) cursor?: string;
}

export class BreakGlassGrantDto implements BreakGlassGrantView {
  @ApiProperty() id: string;
  @ApiProperty() staffId: string;
  @ApiProperty({ nullable: true, type: String }) staffName: string | null;
  @ApiProperty() patientId: string;
  @ApiProperty({ nullable: true, type: String }) patientName: string | null;
  @ApiProperty() reason: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() expiresAt: string;
}

export class BreakGlassPageDto {
  @ApiProperty({ type: BreakGlassGrantDto, isArray: true }) items: BreakGlassGrantDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SetPatientTagsDto {
  @ApiProperty({
    type: String,
    isArray: true,
    maxItems: PATIENT_TAGS_MAX,
    example: ['diabetes', 'hypertension'],
    description: 'The patient’s tags, replacing the current ones: codes of lower-case letters, digits, - and _ (1–32)',
  })
  @IsArray()
  @ArrayMaxSize(PATIENT_TAGS_MAX)
  @IsString({ each: true })
  @Matches(PATIENT_TAG_PATTERN, { each: true })
  tags: string[];
}

export class PatientTagsDto {
  @ApiProperty({ type: String, isArray: true }) tags: string[];
}

const CLINICAL = ['doctor', 'nurse', 'case_manager', 'admin'] as const;

/** Staff reading a patient's record: through a care relationship, or by breaking the glass (audited, shown to admins). */
@ApiTags('patients')
@Controller()
export class PatientRecordsController {
  constructor(
    @Inject(PatientsService) private readonly patients: PatientsService,
    @Inject(PatientsReader) private readonly reader: PatientsReader,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(PatientTagsService) private readonly tags: PatientTagsService,
  ) {}

  @Get('patients/:id')
  @Roles(...CLINICAL)
  @ApiOperation({
    summary: 'A patient’s profile for clinical staff who care for them (CARE_RELATIONSHIP_REQUIRED otherwise: break the glass); every read is audited',
  })
  @ApiOkResponse({ type: PatientViewDto })
  async patient(@CurrentStaff() actor: StaffPrincipal, @Param() params: PatientIdParam): Promise<PatientView> {
    return this.patients.toView(await this.patients.forStaff(actor, params.id, { resource: 'patient.profile', purpose: 'view profile' }));
  }

  @Put('patients/:id/tags')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Set a patient’s tags (used by segments): clinical staff who care for them; audited' })
  @ApiOkResponse({ type: PatientTagsDto })
  async setTags(@CurrentStaff() actor: StaffPrincipal, @Param() params: PatientIdParam, @Body() body: SetPatientTagsDto): Promise<PatientTagsDto> {
    return { tags: await this.tags.set(actor, params.id, body.tags) };
  }

  @Post('patients/:id/break-glass')
  @Roles(...CLINICAL)
  @ApiOperation({ summary: 'Open a record outside one’s care for a while, giving a reason (audited; admins see every grant)' })
  @ApiOkResponse({ type: BreakGlassResponseDto })
  async breakGlass(@CurrentStaff() actor: StaffPrincipal, @Param() params: PatientIdParam, @Body() body: BreakGlassDto): Promise<BreakGlassResponse> {
    const grant = await this.policy.breakGlass(actor, params.id, body.reason);
    return { grantId: grant.id, expiresAt: grant.expiresAt.toISOString() };
  }

  @Get('admin/break-glass')
  @Roles('admin')
  @ApiOperation({ summary: 'Every break-the-glass read, newest first: who, which patient, why (admin)' })
  @ApiOkResponse({ type: BreakGlassPageDto })
  async grants(@Query() query: BreakGlassQueryDto): Promise<{ items: BreakGlassGrantView[]; nextCursor: string | null }> {
    const page = await this.policy.breakGlassGrants({ limit: query.limit ?? 50, cursor: query.cursor });
    const [staff, patients] = await Promise.all([this.staff.byIds(page.items.map((g) => g.staffId)), this.reader.byIds(page.items.map((g) => g.patientId))]);
    return {
      items: page.items.map((g) => ({
        id: g.id,
        staffId: g.staffId,
        staffName: staff.get(g.staffId)?.displayName ?? null,
        patientId: g.patientId,
        patientName: patients.get(g.patientId)?.name ?? null,
        reason: g.reason,
        createdAt: g.createdAt.toISOString(),
        expiresAt: g.expiresAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
