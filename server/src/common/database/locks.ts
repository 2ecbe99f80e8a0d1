import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Locks one row for the rest of the transaction (SELECT … FOR UPDATE) so concurrent requests
 * on the same parent queue up. On SQLite transactions are already serialised, so nothing to do.
 */
export async function lockRow<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
  const qb = manager.getRepository(entity).createQueryBuilder('row').where('row.id = :id', { id });
  if (manager.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  return qb.getOne();
}
