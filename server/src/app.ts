import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './common/http/validation.js';
import { jsonOnly, noStoreWhenSignedIn } from './common/http/http-policies.js';
import { LoginLimitsLifecycle } from './common/http/login-rate-limit.js';
import { requestContextMiddleware } from './common/http/request-context.js';
import type { AppConfig } from './config/config.js';
import { VERSION } from './version.js';

/** Builds the configured HTTP application (not yet listening). Used by main.ts and by the tests. */
/** How long the server keeps an idle keep-alive connection open. */
const KEEP_ALIVE_MS = 65_000;

export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, rawBody: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // The client address behind load balancers: only the proxies TRUST_PROXY names (default loopback) are believed.
  app.set('trust proxy', config.trustProxy);
  app.use(requestContextMiddleware);
  const apiHeaders = helmet();
  // Swagger UI needs inline styles and scripts; everything else gets the strict policy.
  const docsHeaders = helmet({ contentSecurityPolicy: false });
  app.use((req: { path: string }, res: never, next: () => void) => (req.path.startsWith('/api/docs') ? docsHeaders : apiHeaders)(req as never, res, next));
  app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['X-Request-Id', 'Retry-After'], maxAge: 600 });
  app.use(noStoreWhenSignedIn);
  // JSON only: a form post from another site cannot reach an endpoint (no login CSRF); uploads say multipart.
  app.use(jsonOnly);
  app.useBodyParser('json', { limit: '64kb' });
  // After the body parser: staff sign-in is limited per username.
  for (const { path, handler } of app.get(LoginLimitsLifecycle).limits.handlers) app.use(path, handler);
  app.setGlobalPrefix('api/v1', { exclude: ['api/docs', 'api/docs-json'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  // Idle keep-alive connections outlive a load balancer's idle timeout (60 s on the common ones) and a busy client's
  // pool: the client, never the server, ends an idle connection, so a request written just as the server timed the
  // connection out is never reset (Node's 5 s default did that to one of a thousand concurrent holds on a loaded machine).
  const server = app.getHttpServer() as { keepAliveTimeout: number; headersTimeout: number };
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Yiban 医伴 API')
      .setDescription('Patient engagement for hospitals. Errors are `{code, message, details?}`; `message` follows Accept-Language (zh-CN default, en).')
      .setVersion(VERSION)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  return app;
}
