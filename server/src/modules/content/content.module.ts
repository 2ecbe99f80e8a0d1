import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { createObjectStorage, ObjectStorage } from '../../integrations/storage/object-storage.js';
import { AppointmentsModule } from '../appointments/index.js';
import { CatalogModule } from '../catalog/index.js';
import { ConsentsModule } from '../consents/index.js';
import { StaffModule } from '../staff/index.js';
import { ArticlesReader } from './articles.reader.js';
import { ArticlesService } from './articles.service.js';
import { ContentController } from './content.controller.js';
import { PatientArticles } from './patient-articles.service.js';

@Module({
  imports: [AppointmentsModule, CatalogModule, ConsentsModule, StaffModule],
  controllers: [ContentController],
  providers: [
    { provide: ObjectStorage, useFactory: (config: AppConfig) => createObjectStorage(config.storage), inject: [APP_CONFIG] },
    ArticlesService,
    PatientArticles,
    ArticlesReader,
  ],
  exports: [ArticlesReader],
})
export class ContentModule {}
