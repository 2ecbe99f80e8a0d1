import { Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/** A recipient opened a campaign's landing page (first time only; the delivery's openedAt is the outbound record). */
@Entity('campaign_opens')
@Index('uq_campaign_opens', ['campaignId', 'patientId'], { unique: true })
export class CampaignOpen {
  @IdColumn() id: string = newId();

  @RefColumn() campaignId: string;

  @RefColumn() patientId: string;

  @CreatedAtColumn() createdAt: Date;
}
