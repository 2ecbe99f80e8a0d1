import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, newId } from '../database/columns.js';

/**
 * A request made with an `Idempotency-Key`: the same key with the same body gets the first answer again;
 * with a different body it is refused. Written in the transaction of the change it guards.
 */
@Entity('idempotency_records')
@Index('uq_idempotency_records_owner_key', ['owner', 'key'], { unique: true })
export class IdempotencyRecord {
  @IdColumn() id: string = newId();

  /** Who sent it (an account or staff id): keys are only unique per caller. */
  @Column({ type: 'varchar', length: 64 }) owner: string;

  @Column({ type: 'varchar', length: 128 }) key: string;

  /** Method, route and a hash of the body. */
  @Column({ type: 'varchar', length: 128 }) fingerprint: string;

  @Column({ type: 'int' }) status: number;

  @Column({ type: 'simple-json' }) response: Record<string, unknown>;

  @CreatedAtColumn() createdAt: Date;
}
