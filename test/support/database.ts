import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * A fresh, empty database for one test file. TEST_DB (set by the jest project) picks MySQL/MariaDB
 * (from DATABASE_URL: one database per jest worker, dropped and recreated per file) or an embedded SQLite file.
 */
let created = 0;

export async function freshDatabaseUrl(): Promise<{ env: Record<string, string>; kind: 'mysql' | 'sqlite'; drop(): Promise<void> }> {
  if (process.env.TEST_DB === 'mysql') {
    const base = process.env.DATABASE_URL;
    if (!base) throw new Error('TEST_DB=mysql needs DATABASE_URL');
    const url = new URL(base.replace(/^mariadb:/, 'mysql:'));
    const name = `yiban_test_${process.env.JEST_WORKER_ID ?? '1'}_${++created}`;
    const connect = () =>
      createConnection({
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      });
    const admin = await connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    } finally {
      await admin.end();
    }
    const scheme = base.startsWith('mariadb:') ? 'mariadb:' : 'mysql:';
    url.pathname = `/${name}`;
    const drop = async () => {
      const conn = await connect();
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    };
    return { env: { DATABASE_URL: url.toString().replace(/^mysql:/, scheme) }, kind: 'mysql', drop };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yiban-test-'));
  return { env: { DATA_DIR: dir }, kind: 'sqlite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
