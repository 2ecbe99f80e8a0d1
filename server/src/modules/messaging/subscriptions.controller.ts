import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SubscriptionGrantView } from '@yiban/shared';
import { CurrentAccount, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal } from '../../common/auth/principal.js';
import { RecordSubscriptionsDto, SubscriptionGrantDto } from './messaging.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

@ApiTags('messaging')
@Controller('me/subscriptions')
@Roles('patient')
export class SubscriptionsController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'What this WeChat user allowed per message kind (one-time sends left, long-term)' })
  @ApiOkResponse({ type: SubscriptionGrantDto, isArray: true })
  list(@CurrentAccount() account: AccountPrincipal): Promise<SubscriptionGrantView[]> {
    return this.subscriptions.list(account.accountId);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record what wx.requestSubscribeMessage returned (accept / reject / ban / filter per template)' })
  @ApiOkResponse({ type: SubscriptionGrantDto, isArray: true })
  record(@CurrentAccount() account: AccountPrincipal, @Body() body: RecordSubscriptionsDto): Promise<SubscriptionGrantView[]> {
    return this.subscriptions.record(account.accountId, body);
  }
}
