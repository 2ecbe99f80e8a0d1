import { Module } from '@nestjs/common';
import { JobsController } from './jobs.controller.js';

/** The queue itself (registry, enqueue, worker) lives in the core module; this is its admin view. */
@Module({ controllers: [JobsController] })
export class JobsModule {}
