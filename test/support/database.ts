import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recreateDatabase } from '@yiban/server';

/**
 * A fresh, empty database for one test file. TEST_DB (set by the jest project) picks MySQL/MariaDB
 * (a new database on the DATABASE_URL server, named for this process, dropped when the stack closes) or an embedded SQLite file.
 */
let created = 0;

export async function freshDatabaseUrl(): Promise<{ env: Record<string, string>; kind: 'mysql' | 'sqlite'; drop(): Promise<void> }> {
  if (process.env.TEST_DB === 'mysql') {
    const base = process.env.DATABASE_URL;
    if (!base) throw new Error('TEST_DB=mysql needs DATABASE_URL');
    // The process id keeps two runs on one server (a second checkout, CI beside a developer) from dropping each
    // other's databases: the worker id alone repeats in every run.
    const db = await recreateDatabase(base, `yiban_test_${process.pid}_${++created}`);
    return { env: { DATABASE_URL: db.url }, kind: 'mysql', drop: db.drop };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yiban-test-'));
  return { env: { DATA_DIR: dir }, kind: 'sqlite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
