import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows per statement: well under MariaDB's max_allowed_packet and SQLite's 32,766 parameters for any entity here. */
const CHUNK = 500;

/**
 * Inserts many entities of one kind in multi-row `INSERT IGNORE` statements (`INSERT OR IGNORE` on SQLite): a row
 * whose unique key exists already is skipped. The statement is built from the entity's metadata with positional
 * parameters, and each value is prepared by the driver as TypeORM would (JSON, dates, booleans, transformers).
 *
 * Why not TypeORM's insert builder: it names every parameter and looks each one up among those already named, so
 * its cost grows with the square of a statement's parameters. A campaign's batches of 1,000 rows spent more CPU
 * there than in sending the messages (docs/benchmarks.md, the campaign profile).
 *
 * Entities come from `repository.create` (their field initialisers give the id and defaults). A column no row sets
 * is left out (the database default applies: created and updated times); a row that leaves out a column others set
 * gets the column's default.
 */
export async function insertIgnoreMany<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, entities: readonly E[]): Promise<number> {
  return insertRows(m, target, entities, 'ignore');
}

/**
 * `insertIgnoreMany` for rows the caller goes on to lock: an existing row is locked for writing at once (`INSERT … ON
 * DUPLICATE KEY UPDATE` of its key to itself on MariaDB/MySQL) instead of read-locked as `INSERT IGNORE` does. Two
 * transactions that each hold the read lock and then ask for the write lock wait for each other; with a third waiting
 * for the row in between (a recompute batch locking its range), InnoDB ended one of them as a deadlock. On SQLite,
 * `INSERT OR IGNORE` (writers are serialised).
 */
export async function insertOrLockMany<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, entities: readonly E[]): Promise<number> {
  return insertRows(m, target, entities, 'lock');
}

/**
 * `insertIgnoreMany` without IGNORE: a row whose unique key exists already fails the statement (and only the statement:
 * on MySQL/MariaDB and SQLite the transaction goes on), so the caller can tell which key it met.
 */
export async function insertMany<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, entities: readonly E[]): Promise<number> {
  return insertRows(m, target, entities, 'fail');
}

/** Runs one statement with positional parameters (in `m`'s transaction when it has one) and answers how many rows it changed. */
export async function execute(m: EntityManager, sql: string, params: readonly unknown[]): Promise<number> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    return (await runner.query(sql, [...params], true)).affected ?? 0;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

/** `value` as the database stores `property` of `target` (a date on SQLite is text), for a statement written by hand. */
export function stored<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, property: keyof E & string, value: unknown): unknown {
  const column = m.connection.getMetadata(target).findColumnWithPropertyName(property);
  if (!column) throw new Error(`no column ${property}`);
  return m.connection.driver.preparePersistentValue(value, column);
}

/** A value of `property` of `target` read by a statement written by hand, as the entity would have it (a date on SQLite is text). */
export function hydrated<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, property: keyof E & string, value: unknown): unknown {
  const column = m.connection.getMetadata(target).findColumnWithPropertyName(property);
  if (!column) throw new Error(`no column ${property}`);
  return m.connection.driver.prepareHydratedValue(value, column);
}

async function insertRows<E extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<E>,
  entities: readonly E[],
  existing: 'ignore' | 'fail' | 'lock',
): Promise<number> {
  if (!entities.length) return 0;
  const { driver } = m.connection;
  const sqlite = driver.options.type === 'better-sqlite3';
  const meta = m.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => !c.isVirtual && !c.isGenerated && entities.some((e) => c.getEntityValue(e) !== undefined));
  const verb = existing === 'fail' ? 'INSERT' : !sqlite ? (existing === 'lock' ? 'INSERT' : 'INSERT IGNORE') : 'INSERT OR IGNORE';
  const head = `${verb} INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const key = driver.escape(meta.primaryColumns[0]!.databaseName);
  const tail = existing === 'lock' && !sqlite ? ` ON DUPLICATE KEY UPDATE ${key} = ${key}` : '';
  let inserted = 0;
  for (let i = 0; i < entities.length; i += CHUNK) {
    const params: unknown[] = [];
    const tuples = entities.slice(i, i + CHUNK).map((entity) => {
      const values = columns.map((c) => {
        const value: unknown = c.getEntityValue(entity); // the driver applies the column's transformer
        if (value === undefined) return sqlite ? (c.default === undefined || c.default === null ? 'NULL' : driver.normalizeDefault(c)!) : 'DEFAULT';
        params.push(driver.preparePersistentValue(value, c));
        return '?';
      });
      return `(${values.join(', ')})`;
    });
    inserted += await execute(m, head + tuples.join(', ') + tail, params);
  }
  return inserted;
}
