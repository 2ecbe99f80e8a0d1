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
export async function insertIgnoreMany<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, entities: readonly E[]): Promise<void> {
  if (!entities.length) return;
  const { driver } = m.connection;
  const sqlite = driver.options.type === 'better-sqlite3';
  const meta = m.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => !c.isVirtual && !c.isGenerated && entities.some((e) => c.getEntityValue(e) !== undefined));
  const head = `${sqlite ? 'INSERT OR IGNORE' : 'INSERT IGNORE'} INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
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
    await m.query(head + tuples.join(', '), params);
  }
}
