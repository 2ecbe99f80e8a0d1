import { Body, Controller, Get, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { fingerprint, Idempotency } from '../../common/idempotency/idempotency.service.js';
import type { SubscriptionGrantView } from '@yiban/shared';
import { CurrentAccount, Roles } from '../../common/auth/decorators.js';
import type { AccountPrincipal } from '../../common/auth/principal.js';
import { RecordSubscriptionsDto, SubscriptionGrantDto } from './messaging.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

@ApiTags('messaging')
@Controller('me/subscriptions')
@Roles('patient')
export class SubscriptionsController {
  constructor(
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(Idempotency) private readonly idempotency: Idempotency,
  ) {}

  @Get()
  @ApiOperation({ summary: 'What this WeChat user allowed per message kind (one-time sends left, long-term)' })
  @ApiOkResponse({ type: SubscriptionGrantDto, isArray: true })
  list(@CurrentAccount() account: AccountPrincipal): Promise<SubscriptionGrantView[]> {
    return this.subscriptions.list(account.accountId);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record what wx.requestSubscribeMessage returned (accept / reject / ban / filter per template)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Lets the app retry a lost answer without counting an acceptance twice' })
  @ApiOkResponse({ type: SubscriptionGrantDto, isArray: true })
  async record(
    @CurrentAccount() account: AccountPrincipal,
    @Body() body: RecordSubscriptionsDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<SubscriptionGrantView[]> {
    const result = await this.idempotency.run(account.accountId, key, fingerprint('POST /me/subscriptions', body), async (m) => ({
      status: 200,
      body: await this.subscriptions.record(account.accountId, body, m),
    }));
    return result.body;
  }
}
