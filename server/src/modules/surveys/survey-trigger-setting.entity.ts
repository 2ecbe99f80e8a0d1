import type { SurveyTriggerCode } from '@yiban/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RefColumn, UpdatedAtColumn } from '../../common/database/columns.js';

/** An admin's settings of one trigger (absent: the defaults in `survey-triggers.ts`). */
@Entity('survey_trigger_settings')
export class SurveyTriggerSetting {
  @PrimaryColumn({ type: 'varchar', length: 24 }) trigger: SurveyTriggerCode;

  @Column({ type: 'boolean' }) enabled: boolean;

  @Column({ type: 'varchar', length: 40 }) templateKey: string;

  @Column({ type: 'int' }) delayHours: number;

  @Column({ type: 'int' }) expiresAfterDays: number;

  @Column({ type: 'int' }) remindAfterHours: number;

  @RefColumn({ nullable: true }) updatedByStaffId: string | null = null;

  @UpdatedAtColumn() updatedAt: Date;
}
