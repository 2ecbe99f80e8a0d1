import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { CoreModule } from './common/core.module.js';
import type { AppConfig } from './config/config.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CampaignsModule } from './modules/campaigns/campaigns.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { ConsultationsModule } from './modules/consultations/consultations.module.js';
import { ConsentsModule } from './modules/consents/consents.module.js';
import { ContentModule } from './modules/content/content.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { HomeModule } from './modules/home/home.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { MessagingModule } from './modules/messaging/messaging.module.js';
import { SchedulingModule } from './modules/scheduling/scheduling.module.js';
import { AppointmentsModule } from './modules/appointments/appointments.module.js';
import { PaymentsModule } from './modules/payments/payments.module.js';
import { PatientsModule } from './modules/patients/patients.module.js';
import { SegmentsModule } from './modules/segments/segments.module.js';
import { ServiceRecoveryModule } from './modules/service-recovery/service-recovery.module.js';
import { SurveysModule } from './modules/surveys/surveys.module.js';
import { FollowupsModule } from './modules/followups/followups.module.js';
import { ClubModule } from './modules/club/club.module.js';
import { MembershipModule } from './modules/membership/membership.module.js';
import { HealthRecordModule } from './modules/health-record/health-record.module.js';
import { AnalyticsModule } from './modules/analytics/analytics.module.js';
import { StaffModule } from './modules/staff/staff.module.js';
import { WechatEventsModule } from './modules/wechat-events/wechat-events.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.log.level,
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? '',
            // One short line per request: no headers or bodies, so no tokens or patient data end up in logs.
            serializers: {
              req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/v1/health' },
            ...(config.log.pretty && { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } }),
          },
        }),
        CoreModule.forRoot(config),
        HealthModule,
        AuthModule,
        PatientsModule,
        ConsentsModule,
        StaffModule,
        CatalogModule,
        AuditModule,
        JobsModule,
        MessagingModule,
        PaymentsModule,
        SchedulingModule,
        AppointmentsModule,
        WechatEventsModule,
        ConsultationsModule,
        HomeModule,
        ContentModule,
        SegmentsModule,
        CampaignsModule,
        ServiceRecoveryModule,
        SurveysModule,
        FollowupsModule,
        MembershipModule,
        ClubModule,
        HealthRecordModule,
        AnalyticsModule,
      ],
    };
  }
}
