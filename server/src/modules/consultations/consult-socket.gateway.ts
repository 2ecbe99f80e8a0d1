import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  CONSULT_SOCKET_CLOSE,
  CONSULT_SOCKET_PATH,
  errorMessage,
  isErrorCode,
  isLocale,
  renderConsultSystemLine,
  resolveLocale,
  type ConsultClientFrame,
  type ConsultServerFrame,
  type Locale,
} from '@yiban/shared';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { newId } from '../../common/database/columns.js';
import { WebSocket, WebSocketServer } from 'ws';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import { isClinical, REVIEW_ROLES } from '../../common/auth/access-rules.js';
import type { Principal } from '../../common/auth/principal.js';
import { SessionGate } from '../../common/auth/session-gate.js';
import { TokenService } from '../../common/auth/token.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../integrations/clock.js';
import { ConsultEventBus, PRESENCE_TTL_MS, type ConsultEvent } from './consult-events.js';
import { ConsultationsService } from './consultations.service.js';

const AUTH_TIMEOUT_MS = 10_000;
/** A socket silent this long (no ping, no frame) is closed; clients ping every 25 s. */
const IDLE_MS = 60_000;
const SWEEP_MS = 15_000;
/** Sockets swept per turn of the event loop: 1,000 pings in one turn held every reply back 20–30 ms (the delivery p99). */
const SWEEP_CHUNK = 100;
const MAX_FRAME_BYTES = 4096;

interface Client {
  id: string;
  ws: WebSocket;
  locale: Locale;
  principal: Principal | null;
  /** The access token's end: the socket closes then (4401) and the client renews and authenticates again. */
  expiresAt: number;
  channels: string[];
  lastSeen: number;
}

/**
 * The chat socket. Plain WebSocket (what `wx.connectSocket` and browsers speak), on the API's own port: the
 * first frame authenticates with the access token, then the socket receives every chat event for the channels
 * its caller may follow. Events arrive through the event bus, so a message written on another instance reaches
 * a socket here. Nothing is only on the socket: after a reconnect the client asks `sync` and gets what it missed.
 */
@Injectable()
export class ConsultSocketGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ConsultSocket');
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  private readonly byChannel = new Map<string, Set<Client>>();
  private readonly clients = new Set<Client>();
  private sweeper: NodeJS.Timeout | null = null;
  private server: Server | null = null;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ConsultEventBus) private readonly bus: ConsultEventBus,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(SessionGate) private readonly sessions: SessionGate,
  ) {}

  /** Sockets open on this instance (the benchmark reads it). */
  get connections(): number {
    return this.clients.size;
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    this.server = server;
    server.on('upgrade', this.onUpgrade);
    this.bus.subscribe((event) => this.deliver(event));
    // A session ended anywhere (logout, a disabled or changed account, a stolen refresh token): its sockets close now.
    this.sessions.onEnded((ids) => {
      const ended = new Set(ids);
      for (const client of this.clients)
        if (client.principal && ended.has(client.principal.sessionId)) client.ws.close(CONSULT_SOCKET_CLOSE.unauthenticated, 'AUTH_TOKEN_INVALID');
    });
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.server?.off('upgrade', this.onUpgrade);
    for (const client of this.clients) client.ws.close(1001, 'server shutting down');
    this.wss.close();
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== CONSULT_SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  };

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const client: Client = {
      id: newId(),
      ws,
      locale: resolveLocale(typeof req.headers['accept-language'] === 'string' ? req.headers['accept-language'] : null),
      principal: null,
      expiresAt: Number.POSITIVE_INFINITY,
      channels: [],
      lastSeen: Date.now(),
    };
    this.clients.add(client);
    const authTimer = setTimeout(() => {
      if (!client.principal) ws.close(CONSULT_SOCKET_CLOSE.unauthenticated, 'authenticate first');
    }, AUTH_TIMEOUT_MS);
    ws.on('message', (data, isBinary) => {
      client.lastSeen = Date.now();
      if (isBinary) return this.fail(client, 'VALIDATION_FAILED');
      void this.onFrame(client, data.toString()).catch((error: unknown) => this.fail(client, error));
    });
    // A protocol-level pong (browsers answer our pings) counts as a sign of life too.
    ws.on('pong', () => (client.lastSeen = Date.now()));
    ws.on('close', () => {
      clearTimeout(authTimer);
      this.drop(client);
    });
    ws.on('error', () => ws.terminate());
  }

  private async onFrame(client: Client, raw: string): Promise<void> {
    let frame: ConsultClientFrame;
    try {
      frame = JSON.parse(raw) as ConsultClientFrame;
    } catch {
      return this.fail(client, 'MALFORMED_JSON');
    }
    if (!frame || typeof frame !== 'object') return this.fail(client, 'VALIDATION_FAILED');
    if (frame.type === 'auth') {
      if (isLocale(frame.locale)) client.locale = frame.locale;
      return this.authenticate(client, frame.token);
    }
    if (!client.principal) {
      client.ws.close(CONSULT_SOCKET_CLOSE.unauthenticated, 'authenticate first');
      return;
    }
    // A token that has run out is not honoured for another frame (the sweep also closes quiet sockets past it).
    if (client.expiresAt <= this.clock.now().getTime()) {
      client.ws.close(CONSULT_SOCKET_CLOSE.unauthenticated, 'AUTH_TOKEN_EXPIRED');
      return;
    }
    switch (frame.type) {
      case 'ping':
        await this.refreshPresence(client);
        return this.send(client, { type: 'pong' });
      case 'sync':
        return this.sync(client, frame.consultationId, frame.afterSeq);
      default:
        return this.fail(client, 'VALIDATION_FAILED');
    }
  }

  private async authenticate(client: Client, token: unknown): Promise<void> {
    if (client.principal) return this.fail(client, 'VALIDATION_FAILED');
    let principal: Principal;
    try {
      if (typeof token !== 'string' || !token) throw new DomainError('AUTH_TOKEN_INVALID');
      // The same principal as an HTTP request gets: a live session; staff roles and departments from the staff record.
      const verified = this.tokens.verifyWithExpiry(token, this.clock.now());
      principal = await this.policy.principal(verified.subject);
      client.expiresAt = verified.expiresAt.getTime();
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'AUTH_TOKEN_INVALID';
      client.ws.close(CONSULT_SOCKET_CLOSE.unauthenticated, code);
      return;
    }
    let channels: string[];
    if (principal.kind === 'account') {
      channels = [`account:${principal.accountId}`];
    } else {
      channels = [`staff:${principal.staffId}`];
      if (isClinical(principal)) channels.push(...principal.departmentIds.map((id) => `dept:${id}`));
      if (principal.roles.includes('admin')) channels.push('staff:all');
      if (principal.roles.some((r) => REVIEW_ROLES.includes(r))) channels.push('reviewers');
    }
    if (client.ws.readyState !== WebSocket.OPEN) return;
    client.principal = principal;
    client.channels = channels;
    for (const channel of channels) {
      const set = this.byChannel.get(channel) ?? new Set<Client>();
      set.add(client);
      this.byChannel.set(channel, set);
    }
    await this.refreshPresence(client);
    this.send(client, { type: 'ready', kind: principal.kind });
  }

  /** Everything after `afterSeq` this caller may see, in order, then `synced`. */
  private async sync(client: Client, consultationId: unknown, afterSeq: unknown): Promise<void> {
    if (typeof consultationId !== 'string' || !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(consultationId) || !Number.isSafeInteger(afterSeq) || (afterSeq as number) < 0) {
      return this.fail(client, 'VALIDATION_FAILED');
    }
    const consultation = await this.consultations.visibleTo(client.principal!, consultationId, 'read');
    let after = afterSeq as number;
    for (;;) {
      const page = await this.consultations.messages(consultation, client.principal!, { afterSeq: after, limit: 200 }, client.locale);
      for (const message of page.items) this.send(client, { type: 'message', message });
      if (page.items.length < 200) break;
      after = page.items[page.items.length - 1]!.seq;
    }
    const latest = await this.consultations.lastSeq(consultationId);
    this.send(client, { type: 'synced', consultationId, lastSeq: latest });
  }

  private deliver(event: ConsultEvent): void {
    const reached = new Set<Client>();
    for (const target of event.targets) for (const client of this.byChannel.get(target) ?? []) reached.add(client);
    if (!reached.size) return;
    // System lines are rendered in each reader's language; everything else is the same frame for everyone.
    const encoded = new Map<string, string>();
    const frameFor = (locale: Locale): string => {
      let data = encoded.get(locale);
      if (!data) {
        const frame = event.frame;
        data = JSON.stringify(
          frame.type === 'message' && frame.message.system
            ? { ...frame, message: { ...frame.message, text: renderConsultSystemLine(frame.message.system, locale) } }
            : frame,
        );
        encoded.set(locale, data);
      }
      return data;
    };
    for (const client of reached) if (client.ws.readyState === WebSocket.OPEN) client.ws.send(frameFor(client.locale));
  }

  private send(client: Client, frame: ConsultServerFrame): void {
    if (client.ws.readyState === WebSocket.OPEN) client.ws.send(JSON.stringify(frame));
  }

  private fail(client: Client, error: unknown): void {
    const code = error instanceof DomainError ? error.code : typeof error === 'string' && isErrorCode(error) ? error : 'INTERNAL_ERROR';
    if (code === 'INTERNAL_ERROR') this.logger.error(error instanceof Error ? error.stack : String(error));
    const params = error instanceof DomainError ? (error.details as Record<string, unknown> | undefined) : undefined;
    this.send(client, { type: 'error', code, message: errorMessage(code, client.locale, params) });
  }

  private async refreshPresence(client: Client): Promise<void> {
    if (client.principal?.kind !== 'account') return;
    try {
      await this.bus.markPresent(client.principal.accountId, client.id, new Date(this.clock.now().getTime() + PRESENCE_TTL_MS));
    } catch (error) {
      this.logger.warn(`presence not recorded: ${(error as Error).message}`);
    }
  }

  private drop(client: Client): void {
    this.clients.delete(client);
    for (const channel of client.channels) {
      const set = this.byChannel.get(channel);
      set?.delete(client);
      if (set && !set.size) this.byChannel.delete(channel);
    }
    if (client.principal?.kind === 'account') void this.bus.markGone(client.principal.accountId, client.id).catch(() => undefined);
  }

  /** Closes silent sockets, pings the rest at the protocol level, and keeps the presence of live ones fresh. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    const clockNow = this.clock.now().getTime();
    let swept = 0;
    for (const client of this.clients) {
      if (++swept % SWEEP_CHUNK === 0) {
        await new Promise(setImmediate); // let waiting replies and frames through
        if (!this.clients.has(client)) continue; // closed meanwhile: its presence is gone, not to be refreshed
      }
      if (now - client.lastSeen > IDLE_MS) {
        client.ws.close(CONSULT_SOCKET_CLOSE.idle, 'idle');
        continue;
      }
      if (client.principal && client.expiresAt <= clockNow) {
        client.ws.close(CONSULT_SOCKET_CLOSE.unauthenticated, 'AUTH_TOKEN_EXPIRED');
        continue;
      }
      if (client.ws.readyState === WebSocket.OPEN) client.ws.ping();
      await this.refreshPresence(client);
    }
  }
}
