import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/index.js';
import { SchedulingController } from './scheduling.controller.js';
import { SchedulingService } from './scheduling.service.js';
import { SlotListings } from './slot-listings.js';
import { SlotsService } from './slots.service.js';

/** Doctors' clinics and slots; SlotsService hands out places to the modules that book them. */
@Module({
  imports: [CatalogModule],
  controllers: [SchedulingController],
  providers: [SchedulingService, SlotsService, SlotListings],
  exports: [SlotsService, SlotListings],
})
export class SchedulingModule {}
