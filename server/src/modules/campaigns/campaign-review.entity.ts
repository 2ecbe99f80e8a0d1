import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/** One step of a campaign's review: submitted, approved or rejected (with the reviewer's comment). */
@Entity('campaign_reviews')
@Index('ix_campaign_reviews_campaign', ['campaignId', 'createdAt'])
export class CampaignReview {
  @IdColumn() id: string = newId();

  @RefColumn() campaignId: string;

  @CodeColumn(16) action: 'submitted' | 'approved' | 'rejected';

  @RefColumn() staffId: string;

  @Column({ type: 'varchar', length: 500, nullable: true }) comment: string | null = null;

  @CreatedAtColumn() createdAt: Date;
}
