import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { NOTIFICATION_KINDS, type Locale, type NotificationKind, type NotificationView, type Page, type UnreadNotifications } from '@yiban/shared';
import { ActingPatient, PatientRoute } from '../../common/auth/decorators.js';
import type { ActingProfile } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { Optional } from '../../common/http/optional.js';
import { Notifications } from './notifications.service.js';

export class InboxQueryDto {
  @ApiPropertyOptional({ default: 20, maximum: 50 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Matches(/^\d{1,15}\.[0-9A-HJKMNP-TV-Z]{26}$/)
  cursor?: string;
}

export class NotificationIdParam {
  @ApiProperty() @IsString() @Length(26, 26) id: string;
}

class NotificationLineDto {
  @ApiProperty() label: string;
  @ApiProperty() value: string;
}

export class NotificationDto implements NotificationView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty() patientId: string;
  @ApiProperty({ example: '预约成功' }) title: string;
  @ApiProperty({ example: '预约成功，请按时就诊。就诊当天出示预约二维码签到。' }) body: string;
  @ApiProperty({ type: NotificationLineDto, isArray: true }) lines: NotificationLineDto[];
  @ApiProperty({ nullable: true, type: String, example: 'packages/booking/pages/appointment/index?id=01J…' }) link: string | null;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
}

export class NotificationPageDto implements Page<NotificationView> {
  @ApiProperty({ type: NotificationDto, isArray: true }) items: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class UnreadDto implements UnreadNotifications {
  @ApiProperty() count: number;
  @ApiProperty() otherProfiles: number;
}

/** The patient's 消息: every notification of the acting profile, whether or not it also went out on WeChat. */
@ApiTags('messaging')
@Controller('me/messages')
export class InboxController {
  constructor(@Inject(Notifications) private readonly notifications: Notifications) {}

  @Get()
  @PatientRoute()
  @ApiOperation({ summary: 'The acting profile’s notifications, newest first, in the reader’s language (Accept-Language)' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@ActingPatient() patient: ActingProfile, @Query() query: InboxQueryDto, @ReaderLocale() locale: Locale): Promise<Page<NotificationView>> {
    return this.notifications.page(patient.id, locale, query);
  }

  @Get('unread-count')
  @PatientRoute()
  @ApiOperation({ summary: 'Unread notifications: the acting profile’s, and the account’s other profiles’ (tab badge, 首页)' })
  @ApiOkResponse({ type: UnreadDto })
  unread(@ActingPatient() patient: ActingProfile): Promise<UnreadNotifications> {
    return this.notifications.unread(patient);
  }

  @Post('read-all')
  @HttpCode(200)
  @PatientRoute()
  @ApiOperation({ summary: 'Mark every notification of the acting profile read' })
  @ApiOkResponse({ type: UnreadDto })
  async readAll(@ActingPatient() patient: ActingProfile): Promise<UnreadNotifications> {
    await this.notifications.markAllRead(patient.id);
    return this.notifications.unread(patient);
  }

  @Post(':id/read')
  @HttpCode(200)
  @PatientRoute()
  @ApiOperation({ summary: 'Mark one notification read' })
  @ApiOkResponse({ type: NotificationDto })
  read(@ActingPatient() patient: ActingProfile, @Param() params: NotificationIdParam, @ReaderLocale() locale: Locale): Promise<NotificationView> {
    return this.notifications.markRead(patient.id, params.id, locale);
  }
}
