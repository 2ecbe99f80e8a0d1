import { Column, type ColumnOptions, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** Opaque, time-ordered, unguessable ids (ULID): good index locality, nothing to enumerate. */
export function newId(): string {
  return nextUlid();
}

/** Primary key column for an opaque string id. */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 26 });
/** A reference to another row's opaque id. */
export const RefColumn = (options: Pick<ColumnOptions, 'nullable' | 'name'> = {}) => Column({ type: 'varchar', length: 26, ...options });

/** Instants are stored in UTC with millisecond precision (MySQL/MariaDB datetime(3); text on SQLite). */
export const InstantColumn = (options: Pick<ColumnOptions, 'nullable' | 'name'> = {}) => Column({ type: 'datetime', precision: 3, ...options });
// Microsecond precision so the database default CURRENT_TIMESTAMP(6) matches the column on MySQL/MariaDB.
export const CreatedAtColumn = () => CreateDateColumn({ type: 'datetime', precision: 6 });
export const UpdatedAtColumn = () => UpdateDateColumn({ type: 'datetime', precision: 6 });

/** Short enumerated values kept as text: portable, and a new value needs no ALTER. */
export const CodeColumn = (length = 32, options: Pick<ColumnOptions, 'nullable' | 'default' | 'name'> = {}) => Column({ type: 'varchar', length, ...options });
