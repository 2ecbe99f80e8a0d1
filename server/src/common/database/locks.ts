import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { selectOne } from './lean.js';

/**
 * Locks one row for the rest of the transaction (SELECT … FOR UPDATE) so concurrent requests
 * on the same parent queue up. On SQLite transactions are already serialised, so nothing to do.
 * `key` names the primary-key column when it is not `id` (a per-patient row keyed by `patientId`).
 */
export async function lockRow<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, id: string, key = 'id'): Promise<T | null> {
  return selectOne(manager, entity, id, { key: key as keyof T & string, lock: true });
}

/**
 * Locks every row whose key is from `first` to `last` (both included) and the gaps between them, in key order, and
 * returns the rows that exist. On MariaDB/MySQL (repeatable read) the gaps are locked too, so no other transaction can
 * insert a row into the range until this one ends — while this one may: a walk in key order can create the missing
 * rows of its range with its own writes, without creating them first in a transaction of its own.
 */
export async function lockRange<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  first: string,
  last: string,
  key = 'id',
): Promise<T[]> {
  const qb = manager.getRepository(entity).createQueryBuilder('row').where(`row.${key} BETWEEN :first AND :last`, { first, last }).orderBy(`row.${key}`, 'ASC');
  if (manager.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  return qb.getMany();
}
