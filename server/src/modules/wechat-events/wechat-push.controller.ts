import { Body, Controller, Get, Header, HttpCode, Inject, Logger, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../common/auth/decorators.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { checkPush } from './push-signature.js';
import { WechatEvents } from './wechat-events.js';

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** The event: parsed by the JSON body parser, or from the raw bytes when WeChat labelled it otherwise. */
function eventOf(req: RawBodyRequest<Request>, parsed: unknown): Record<string, unknown> | null {
  let body = parsed;
  if ((body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)) && req.rawBody?.length) {
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      return null;
    }
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/**
 * The mini-program's message push (消息推送, JSON format, plaintext mode). WeChat signs each request's query with the
 * Token both sides know; anything else is refused with 401 and changes nothing. Plaintext mode's signature covers
 * the query, not the body: what keeps a forged body out is the secrecy of the Token, the 5-minute window, and the
 * handlers acting only on events that match something they asked for (a media check's trace id).
 */
@ApiTags('wechat')
@Controller('wechat')
export class WechatPushController {
  private readonly logger = new Logger('WechatPush');

  constructor(
    @Inject(WechatEvents) private readonly events: WechatEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** WeChat's check when the URL is saved in the admin console: a signed GET that must answer `echostr` as it came. */
  @Get('push')
  @Public()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'WeChat’s URL check for the message push (called by WeChat, not by the app)' })
  @ApiQuery({ name: 'echostr', required: true })
  @ApiOkResponse({ description: 'The echostr, as sent' })
  @ApiUnauthorizedResponse({ description: 'WECHAT_PUSH_REJECTED: missing, stale or wrong signature' })
  verify(@Req() req: Request): string {
    this.verified(req);
    const echostr = first(req.query.echostr);
    if (typeof echostr !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(echostr)) throw new DomainError('WECHAT_PUSH_REJECTED');
    return echostr;
  }

  /** Events (media-check verdicts): verified, recorded once, handed to the module that registered the kind; `success` tells WeChat not to retry. */
  @Post('push')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'Events WeChat pushes to the mini-program (media-check verdicts); called by WeChat, not by the app' })
  @ApiOkResponse({ description: '`success`: recorded (duplicates and unknown kinds too)' })
  @ApiUnauthorizedResponse({ description: 'WECHAT_PUSH_REJECTED: missing, stale or wrong signature' })
  async push(@Req() req: RawBodyRequest<Request>, @Body() parsed: unknown): Promise<string> {
    this.verified(req);
    const body = eventOf(req, parsed);
    if (!body) {
      this.logger.warn('signed push without a JSON object body (is the message push set to JSON format?)');
      throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'body', problems: ['must be a JSON object'] }] });
    }
    await this.events.receive(body);
    return 'success';
  }

  private verified(req: Request): void {
    const outcome = checkPush(
      this.config.wechatPush.token,
      { signature: first(req.query.signature), timestamp: first(req.query.timestamp), nonce: first(req.query.nonce) },
      Date.now(),
    );
    if (outcome === 'ok') return;
    this.logger.warn(`push refused: ${outcome}`);
    throw new DomainError('WECHAT_PUSH_REJECTED');
  }
}
