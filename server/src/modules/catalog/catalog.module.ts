import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller.js';
import { CatalogReader } from './catalog.reader.js';
import { CatalogService } from './catalog.service.js';

/** Departments and doctors: patients browse them; other modules read them through CatalogReader. */
@Module({ controllers: [CatalogController], providers: [CatalogService, CatalogReader], exports: [CatalogReader] })
export class CatalogModule {}
