import type { MessageKind } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, RefColumn, UpdatedAtColumn, newId } from '../../common/database/columns.js';

/**
 * A patient's choice about one marketing topic (a marketing message kind). No row → on (the marketing consent
 * decides); a row with `enabled = false` → that topic is off: no 消息 entry and no WeChat message for it.
 */
@Entity('marketing_preferences')
@Index('uq_marketing_preferences_patient_topic', ['patientId', 'topic'], { unique: true })
export class MarketingPreference {
  @IdColumn() id: string = newId();

  @RefColumn() patientId: string;

  @CodeColumn(32) topic: MessageKind;

  @Column({ type: 'boolean', default: true }) enabled: boolean = true;

  @UpdatedAtColumn() updatedAt: Date;
}
