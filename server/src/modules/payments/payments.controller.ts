import { Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../../common/auth/decorators.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { NotificationRefused, PaymentsService } from './payments.service.js';

const header = (req: Request, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  private readonly logger = new Logger('PaymentsNotify');

  constructor(@Inject(PaymentsService) private readonly payments: PaymentsService) {}

  /**
   * WeChat Pay's payment and refund notifications. The signature is checked against the raw body bytes, then the
   * resource is decrypted and applied once. 204 = done (also for a duplicate); 401 = refused (WeChat retries).
   */
  @Post('wechat/notify')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'WeChat Pay payment and refund notifications (called by WeChat Pay, not by the app)' })
  @ApiHeader({ name: 'Wechatpay-Signature', required: true, description: 'Checked with Wechatpay-Timestamp, -Nonce and -Serial over the raw body' })
  @ApiNoContentResponse({ description: 'Applied (or already applied: duplicates are normal)' })
  @ApiUnauthorizedResponse({ description: 'PAYMENT_NOTIFICATION_REJECTED: bad, stale or probe signature, or not matching our order' })
  async notify(@Req() req: RawBodyRequest<Request>): Promise<void> {
    const raw = req.rawBody?.toString('utf8');
    if (!raw) throw new DomainError('PAYMENT_NOTIFICATION_REJECTED');
    try {
      await this.payments.handleNotification(
        {
          timestamp: header(req, 'wechatpay-timestamp'),
          nonce: header(req, 'wechatpay-nonce'),
          serial: header(req, 'wechatpay-serial'),
          signature: header(req, 'wechatpay-signature'),
        },
        raw,
      );
    } catch (error) {
      if (error instanceof NotificationRefused) {
        this.logger.warn(`notification refused: ${error.message}`);
        throw new DomainError('PAYMENT_NOTIFICATION_REJECTED');
      }
      throw error;
    }
  }
}
