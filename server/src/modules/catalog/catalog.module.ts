import { Module } from '@nestjs/common';
import { CatalogAdminController } from './catalog-admin.controller.js';
import { CatalogAdminService } from './catalog-admin.service.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogReader } from './catalog.reader.js';
import { CatalogService } from './catalog.service.js';

/** Departments and doctors: patients browse them, admins enter their texts; other modules read them through CatalogReader. */
@Module({
  controllers: [CatalogController, CatalogAdminController],
  providers: [CatalogService, CatalogAdminService, CatalogReader],
  exports: [CatalogReader],
})
export class CatalogModule {}
