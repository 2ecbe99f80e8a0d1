import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UpdatedAtColumn } from '../../common/database/columns.js';

/** A staff member's own WeChat openid for test sends (staff sign in by password, so WeChat has none for them). */
@Entity('campaign_test_recipients')
export class CampaignTestRecipient {
  @PrimaryColumn({ type: 'varchar', length: 26 }) staffId: string;

  @Column({ type: 'varchar', length: 64 }) openid: string;

  @UpdatedAtColumn() updatedAt: Date;
}
