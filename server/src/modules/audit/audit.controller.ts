import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Roles } from '../../common/auth/decorators.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { Optional } from '../../common/http/optional.js';

export class AuditQueryDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) patientId?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) actorStaffId?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) cursor?: string;
}

export class AuditLogDto {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty() actorStaffId: string;
  @ApiProperty() actorRoles: string;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) patientId: string | null;
  @ApiProperty() resource: string;
  @ApiProperty({ nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ nullable: true, type: String }) purpose: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
}

@ApiTags('audit')
@Controller('audit-logs')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Who on the staff read or changed patient data (admin)' })
  async list(@Query() query: AuditQueryDto): Promise<{ items: AuditLogDto[]; nextCursor: string | null }> {
    const page = await this.audit.list({ ...query, limit: query.limit ?? 50 });
    return { items: page.items.map((a) => ({ ...a, at: a.at.toISOString() })), nextCursor: page.nextCursor };
  }
}
