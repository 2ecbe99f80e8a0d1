import type { CannedReplyScope } from '@yiban/shared';
import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, CreatedAtColumn, IdColumn, RefColumn, newId } from '../../common/database/columns.js';

/** A reply a doctor keeps at hand: their own, or one for the whole department. */
@Entity('consult_canned_replies')
@Index('idx_canned_replies_owner', ['ownerStaffId'])
@Index('idx_canned_replies_department', ['departmentId'])
export class CannedReply {
  @IdColumn() id: string = newId();

  @CodeColumn(16) scope: CannedReplyScope;

  /** Set for `mine`. */
  @RefColumn({ nullable: true }) ownerStaffId: string | null = null;

  /** Set for `department`. */
  @RefColumn({ nullable: true }) departmentId: string | null = null;

  @Column({ type: 'varchar', length: 40 }) title: string;

  @Column({ type: 'varchar', length: 1000 }) text: string;

  @RefColumn() createdByStaffId: string;

  @CreatedAtColumn() createdAt: Date;
}
