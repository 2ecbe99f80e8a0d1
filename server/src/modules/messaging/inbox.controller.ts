import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { MESSAGE_KINDS, type InboxMessageView, type MessageKind, type Page } from '@yiban/shared';
import { DataSource } from 'typeorm';
import { ActingPatient, PatientRoute } from '../../common/auth/decorators.js';
import { Optional } from '../../common/http/optional.js';
import type { Patient } from '../patients/patient.entity.js';
import { MessageDelivery } from './message-delivery.entity.js';

export class InboxQueryDto {
  @ApiPropertyOptional({ default: 20, maximum: 50 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(26, 26) cursor?: string;
}

export class InboxMessageDto implements InboxMessageView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ example: { name1: '王建国', thing2: '心血管内科' }, additionalProperties: { type: 'string' } }) data: Record<string, string>;
  @ApiProperty({ nullable: true, type: String }) page: string | null;
  @ApiProperty() sentAt: string;
}

export class InboxPageDto implements Page<InboxMessageView> {
  @ApiProperty({ type: InboxMessageDto, isArray: true }) items: InboxMessageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** The patient's 消息 list: the WeChat messages the hospital sent to the acting profile. */
@ApiTags('messaging')
@Controller('me/messages')
export class InboxController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @PatientRoute()
  @ApiOperation({ summary: 'Messages sent to the acting profile, newest first' })
  @ApiOkResponse({ type: InboxPageDto })
  async list(@ActingPatient() patient: Patient, @Query() query: InboxQueryDto): Promise<Page<InboxMessageView>> {
    const limit = query.limit ?? 20;
    const qb = this.dataSource
      .getRepository(MessageDelivery)
      .createQueryBuilder('d')
      // Customer-service texts live in WeChat's own chat with the hospital; this list holds the subscribe messages.
      .where('d.patientId = :patientId AND d.status = :sent AND d.channel = :channel', { patientId: patient.id, sent: 'sent', channel: 'subscribe' })
      .orderBy('d.id', 'DESC')
      .take(limit + 1);
    if (query.cursor) qb.andWhere('d.id < :cursor', { cursor: query.cursor });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit).map((d) => ({
      id: d.id,
      kind: d.messageKind,
      data: Object.fromEntries(Object.entries(d.data).map(([k, v]) => [k, v.value])),
      page: d.page,
      sentAt: (d.sentAt ?? d.updatedAt).toISOString(),
    }));
    return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  }
}
