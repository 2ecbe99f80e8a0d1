// The scheduling module's public surface: places in slots go through SlotsService.
export { SchedulingModule } from './scheduling.module.js';
export { SlotsService, type SessionStoppedHandler, type SlotFacts, type TakeOutcome } from './slots.service.js';
export { SlotListings } from './slot-listings.js';
export type { Slot } from './slot.entity.js';
export type { ClinicSession } from './clinic-session.entity.js';
