import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import {
  ORDER_PURPOSES,
  ORDER_REFUND_STATES,
  ORDER_STATES,
  type Locale,
  type OrderPurpose,
  type OrderRefundState,
  type OrderRefundView,
  type OrderState,
  type OrderView,
  type Page,
} from '@yiban/shared';
import { CurrentAccount, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal } from '../../common/auth/principal.js';
import { ReaderLocale } from '../../common/http/locale.js';
import { Optional } from '../../common/http/optional.js';
import { OrdersReader } from './orders.reader.js';

export class OrdersQueryDto {
  @ApiPropertyOptional({ default: 20, maximum: 50 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @Optional() @IsString() @Length(26, 26) cursor?: string;
}

class OrderSubjectDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '挂号 · 心血管内科 · 张伟' }) title: string;
  @ApiProperty({ nullable: true, type: String, example: '11月23日 09:00' }) detail: string | null;
  @ApiProperty({ example: 'packages/booking/pages/appointment/index?id=01J…' }) link: string;
}

class OrderRefundDto implements OrderRefundView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Integer fen' }) amount: number;
  @ApiProperty({ enum: ORDER_REFUND_STATES }) state: OrderRefundState;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String }) settledAt: string | null;
}

export class OrderDto implements OrderView {
  @ApiProperty() id: string;
  @ApiProperty() outTradeNo: string;
  @ApiProperty({ enum: ORDER_PURPOSES }) purpose: OrderPurpose;
  @ApiProperty({ type: OrderSubjectDto }) subject: OrderSubjectDto;
  @ApiProperty() patientId: string;
  @ApiProperty({ nullable: true, type: String }) patientName: string | null;
  @ApiProperty({ enum: ORDER_STATES }) state: OrderState;
  @ApiProperty({ description: 'Integer fen' }) amount: number;
  @ApiProperty() refunded: number;
  @ApiProperty() refundPending: number;
  @ApiProperty({ nullable: true, type: String }) payBefore: string | null;
  @ApiProperty({ nullable: true, type: String }) paidAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: OrderRefundDto, isArray: true }) refunds: OrderRefundDto[];
}

export class OrderPageDto implements Page<OrderView> {
  @ApiProperty({ type: OrderDto, isArray: true }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** 我的订单: what the WeChat account paid, for itself and its family's profiles. */
@ApiTags('payments')
@Controller('me/orders')
export class OrdersController {
  constructor(@Inject(OrdersReader) private readonly orders: OrdersReader) {}

  @Get()
  @Roles('patient')
  @ApiOperation({ summary: 'The account’s payments and their refunds, newest first, each with what it paid for in the reader’s language' })
  @ApiOkResponse({ type: OrderPageDto })
  list(@CurrentAccount() account: AccountPrincipal, @Query() query: OrdersQueryDto, @ReaderLocale() locale: Locale): Promise<Page<OrderView>> {
    return this.orders.page(account.accountId, locale, query);
  }
}
