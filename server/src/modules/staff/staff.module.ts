import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/index.js';
import { StaffController } from './staff.controller.js';
import { StaffDirectory } from './staff.directory.js';
import { StaffService } from './staff.service.js';

/** Staff accounts and roles (admins manage them); StaffDirectory answers who works where. */
@Module({ imports: [CatalogModule], controllers: [StaffController], providers: [StaffService, StaffDirectory], exports: [StaffService, StaffDirectory] })
export class StaffModule {}
