import type { CampaignContent, CampaignLanding, CampaignSchedule, CampaignStatus, MessageKind } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A push campaign: a saved segment, a marketing message kind with the words staff wrote (stored as written), a
 * landing page and a schedule. It sends only once an admin who is not its author approved it and it was scheduled;
 * its messages go out on the one outbound path with source `campaign:<id>`.
 */
@Entity('campaigns')
@Index('ix_campaigns_status', ['status', 'updatedAt'])
export class Campaign {
  @IdColumn() id: string = newId();

  @Column({ type: 'varchar', length: 100 }) name: string;

  @RefColumn() segmentId: string;

  @CodeColumn(32) messageKind: MessageKind;

  @Column({ type: 'simple-json' }) content: CampaignContent;

  @Column({ type: 'simple-json', nullable: true }) landing: CampaignLanding | null = null;

  @Column({ type: 'simple-json', nullable: true }) schedule: CampaignSchedule | null = null;

  @CodeColumn(16) status: CampaignStatus = 'draft';

  /** Where a paused campaign goes back to (scheduled or sending). */
  @CodeColumn(16, { nullable: true }) pausedFrom: CampaignStatus | null = null;

  @CodeColumn(16, { nullable: true }) pausedReason: 'staff' | 'daily_limit' | null = null;

  @RefColumn() authorStaffId: string;

  /** When it was scheduled: a schedule's runs start from here. */
  @InstantColumn({ nullable: true }) scheduledAt: Date | null = null;

  /** The latest run's key (the once run, a cron occurrence, a trigger day). */
  @Column({ type: 'varchar', length: 40, nullable: true }) lastRunKey: string | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
