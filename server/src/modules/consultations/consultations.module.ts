import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { createObjectStorage, ObjectStorage } from '../../integrations/storage/object-storage.js';
import { AppointmentsModule } from '../appointments/index.js';
import { CatalogModule } from '../catalog/index.js';
import { MessagingModule } from '../messaging/index.js';
import { PatientsModule } from '../patients/index.js';
import { PaymentsModule } from '../payments/index.js';
import { StaffModule } from '../staff/index.js';
import { WechatEventsModule } from '../wechat-events/index.js';
import { ConsultDeskService } from './consult-desk.service.js';
import { ConsultEventBus, LocalConsultEventBus, RedisConsultEventBus } from './consult-events.js';
import { ConsultMediaChecks } from './consult-media-check.js';
import { ConsultSocketGateway } from './consult-socket.gateway.js';
import { ConsultViews } from './consult-views.js';
import { ConsultationsController } from './consultations.controller.js';
import { ConsultRatingsController } from './consult-ratings.controller.js';
import { ConsultRatings } from './consult-ratings.js';
import { ConsultationsService } from './consultations.service.js';

@Module({
  imports: [MessagingModule, AppointmentsModule, CatalogModule, PatientsModule, PaymentsModule, StaffModule, WechatEventsModule],
  controllers: [ConsultationsController, ConsultRatingsController],
  providers: [
    { provide: ObjectStorage, useFactory: (config: AppConfig) => createObjectStorage(config.storage), inject: [APP_CONFIG] },
    {
      provide: ConsultEventBus,
      useFactory: async (config: AppConfig) => {
        if (!config.redisUrl) return new LocalConsultEventBus();
        const bus = new RedisConsultEventBus(config.redisUrl);
        await bus.ready();
        return bus;
      },
      inject: [APP_CONFIG],
    },
    ConsultViews,
    ConsultationsService,
    ConsultDeskService,
    ConsultMediaChecks,
    ConsultRatings,
    ConsultSocketGateway,
  ],
  exports: [ConsultationsService, ConsultViews, ConsultSocketGateway],
})
export class ConsultationsModule {}
