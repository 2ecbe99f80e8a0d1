import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, InstantColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * One send of a campaign (the once send, a cron occurrence, a trigger's day), unique per (campaign, runKey) so it
 * materialises once. Materialising streams the audience in batches and stores the last patient id written, so a
 * worker killed mid-way resumes after it (and the recipients' dedupe keys make a repeated batch change nothing).
 */
@Entity('campaign_runs')
@Index('uq_campaign_runs_key', ['campaignId', 'runKey'], { unique: true })
@Index('ix_campaign_runs_status', ['status', 'campaignId'])
export class CampaignRun {
  @IdColumn() id: string = newId();

  @RefColumn() campaignId: string;

  @Column({ type: 'varchar', length: 40 }) runKey: string;

  /** A trigger run's hospital-local day. */
  @Column({ type: 'varchar', length: 10, nullable: true }) date: string | null = null;

  @InstantColumn() at: Date;

  /** materialising → materialised. */
  @CodeColumn(16) status: 'materialising' | 'materialised' = 'materialising';

  @RefColumn({ nullable: true }) afterPatientId: string | null = null;

  @Column({ type: 'int', default: 0 }) recipients: number = 0;

  @InstantColumn({ nullable: true }) materialisedAt: Date | null = null;

  @CreatedAtColumn() createdAt: Date;

  @UpdatedAtColumn() updatedAt: Date;
}
