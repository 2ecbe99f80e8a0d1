import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { WritesInTransaction } from '../common/database/writes-in-transaction.js';
import type { DatabaseConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { MYSQL_MIGRATIONS } from './migrations/mysql/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';

/**
 * MySQL 8 / MariaDB from DATABASE_URL; otherwise an embedded SQLite file so the product starts
 * anywhere. Each has its own generated migrations; a test fails when either drifts from the entities.
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  if (db.type === 'sqlite') {
    if (db.file !== ':memory:') mkdirSync(path.dirname(db.file), { recursive: true });
    return {
      type: 'better-sqlite3',
      database: db.file,
      entities: ENTITIES,
      subscribers: [WritesInTransaction],
      migrations: SQLITE_MIGRATIONS,
      migrationsTransactionMode: 'each',
      prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    type: db.type,
    url: db.url,
    entities: ENTITIES,
    subscribers: [WritesInTransaction],
    migrations: MYSQL_MIGRATIONS,
    migrationsTransactionMode: 'each',
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    poolSize: 20,
    extra: { connectTimeout: 10_000 },
  };
}

/** Connects and brings the schema up to date. */
export async function openDatabase(db: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(db));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
