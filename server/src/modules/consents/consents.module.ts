import { Module } from '@nestjs/common';
import { ConsentSegmentFacts } from './consent-segment-facts.js';
import { ConsentsController } from './consents.controller.js';
import { ConsentsService } from './consents.service.js';

@Module({ controllers: [ConsentsController], providers: [ConsentsService, ConsentSegmentFacts], exports: [ConsentsService, ConsentSegmentFacts] })
export class ConsentsModule {}
