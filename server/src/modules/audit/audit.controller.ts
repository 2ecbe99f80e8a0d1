import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditLogPage } from '@yiban/shared';
import { CurrentStaff, Roles } from '../../common/auth/decorators.js';
import type { StaffPrincipal } from '../../common/auth/principal.js';
import { AuditLogPageDto, AuditQueryDto } from './audit.dto.js';
import { AuditLogReader } from './audit-log.reader.js';

@ApiTags('audit')
@Controller('audit-logs')
export class AuditController {
  constructor(@Inject(AuditLogReader) private readonly log: AuditLogReader) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Who on the staff read or changed patient data, newest first; by staff member, patient, action and hospital-time dates (admin; the read is audited)',
  })
  @ApiOkResponse({ type: AuditLogPageDto })
  list(@CurrentStaff() actor: StaffPrincipal, @Query() query: AuditQueryDto): Promise<AuditLogPage> {
    return this.log.page(actor, query);
  }
}
