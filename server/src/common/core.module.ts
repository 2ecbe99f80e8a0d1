import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { openDatabase } from '../database/data-source.js';
import { Clock } from '../integrations/clock.js';
import { FieldCipher } from '../integrations/crypto/field-cipher.js';
import { PasswordHasher } from '../integrations/crypto/password-hasher.js';
import { WechatClient } from '../integrations/wechat/wechat.client.js';
import { WechatTokenStore } from '../integrations/wechat/wechat-token-store.js';
import { AuditService } from './audit/audit.service.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AccessDirectory } from './auth/access-directory.js';
import { AccessPolicy } from './auth/access-policy.js';
import { SessionGate } from './auth/session-gate.js';
import { ClusterEvents, LocalClusterEvents, RedisClusterEvents } from './realtime/cluster-events.js';
import { TokenService } from './auth/token.service.js';
import { Transactions } from './database/transactions.js';
import { JobQueue } from './jobs/job-queue.js';
import { JobRegistry } from './jobs/job-registry.js';
import { LoginLimitsLifecycle } from './http/login-rate-limit.js';
import { WorkerRunner } from './jobs/worker-runner.js';
import { Idempotency } from './idempotency/idempotency.service.js';
import { ErrorFilter } from './errors/error-filter.js';
import { NoUnexpectedBody } from './http/no-unexpected-body.js';

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Infrastructure every capability uses: config, database, clock, crypto, WeChat, auth, audit and jobs. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const shared = [
      Transactions,
      Clock,
      FieldCipher,
      PasswordHasher,
      TokenService,
      WechatTokenStore,
      WechatClient,
      AuditService,
      AccessDirectory,
      AccessPolicy,
      SessionGate,
      JobRegistry,
      JobQueue,
      Idempotency,
    ];
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DataSource, useFactory: () => openDatabase(config.database) },
        { provide: ClusterEvents, useFactory: () => (config.redisUrl ? new RedisClusterEvents(config.redisUrl) : new LocalClusterEvents()) },
        DatabaseLifecycle,
        LoginLimitsLifecycle,
        WorkerRunner,
        ...shared,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: NoUnexpectedBody },
      ],
      exports: [APP_CONFIG, DataSource, ClusterEvents, ...shared],
    };
  }
}
