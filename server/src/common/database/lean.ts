import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { execute } from './bulk-insert.js';

/**
 * The row whose key column (unique: `id` unless named) has this value, read with a statement written from the
 * entity's metadata and hydrated column by column as TypeORM would (the driver's conversions and the columns'
 * transformers), `FOR UPDATE` when `lock` is set (nothing on SQLite, whose transactions are serialised). For hot paths: the query builder costs more CPU building the statement
 * and mapping the row than the database spends answering it (docs/benchmarks.md, the chat replies profile). A
 * soft-deleted row is read too.
 */
export function selectOne<E extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<E>,
  value: string,
  options: { key?: keyof E & string; lock?: boolean } = {},
): Promise<E | null> {
  return selectFirst(m, target, { [options.key ?? 'id']: value } as Partial<E>, { lock: options.lock, withDeleted: true });
}

/**
 * The first row whose columns equal these values, read and hydrated as `selectOne` does; soft-deleted rows are left
 * out, as TypeORM's `findOneBy` leaves them out, unless `withDeleted`. `lock: 'skip-locked'`: locked unless another
 * transaction holds it, and then not returned at all (never waited for).
 */
export async function selectFirst<E extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<E>,
  where: Partial<E>,
  options: { lock?: boolean | 'skip-locked'; withDeleted?: boolean } = {},
): Promise<E | null> {
  const meta = m.connection.getMetadata(target);
  const { driver } = m.connection;
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [property, value] of Object.entries(where)) {
    const column = meta.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${meta.tableName} has no column ${property}`);
    conditions.push(`${driver.escape(column.databaseName)} = ?`);
    params.push(driver.preparePersistentValue(value, column));
  }
  if (meta.deleteDateColumn && !options.withDeleted) conditions.push(`${driver.escape(meta.deleteDateColumn.databaseName)} IS NULL`);
  const lock = !options.lock || driver.options.type === 'better-sqlite3' ? '' : options.lock === 'skip-locked' ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE';
  const sql = `SELECT * FROM ${driver.escape(meta.tableName)} WHERE ${conditions.join(' AND ')} LIMIT 1${lock}`;
  const rows = (await m.query(sql, params)) as Record<string, unknown>[];
  const raw = rows[0];
  if (!raw) return null;
  const entity = meta.create() as E;
  for (const c of meta.columns) {
    if (c.isVirtual || !(c.databaseName in raw)) continue;
    c.setEntityValue(entity, driver.prepareHydratedValue(raw[c.databaseName], c));
  }
  return entity;
}

/**
 * `UPDATE … SET … WHERE id = ?` for the given properties, with positional parameters prepared by the driver, and the
 * entity's update-date column set to `CURRENT_TIMESTAMP` as TypeORM's update does. Answers how many rows changed.
 */
export async function updateById<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, id: string, changes: Partial<E>): Promise<number> {
  const meta = m.connection.getMetadata(target);
  const { driver } = m.connection;
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [property, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const column = meta.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${meta.tableName} has no column ${property}`);
    sets.push(`${driver.escape(column.databaseName)} = ?`);
    params.push(driver.preparePersistentValue(value, column));
  }
  if (!sets.length) return 0;
  const updated = meta.updateDateColumn;
  if (updated && !(updated.propertyName in changes)) sets.push(`${driver.escape(updated.databaseName)} = CURRENT_TIMESTAMP`);
  return execute(m, `UPDATE ${driver.escape(meta.tableName)} SET ${sets.join(', ')} WHERE ${driver.escape(meta.primaryColumns[0]!.databaseName)} = ?`, [
    ...params,
    id,
  ]);
}
