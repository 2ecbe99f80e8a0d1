/**
 * Writes a migration for each database kind from the difference between the entities and the
 * schema the existing migrations build. Usage: pnpm --filter @yiban/server db:generate <Name>
 * Needs DATABASE_URL (a MySQL/MariaDB server; a scratch database is created and dropped on it).
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../config/config.js';
import { dataSourceOptions } from '../data-source.js';
import { pendingSchemaChanges } from '../schema-drift.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: db:generate <PascalCaseName>');
  process.exit(2);
}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL must point at a MySQL/MariaDB server (a scratch database is created there)');
  process.exit(2);
}

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/database/migrations');
const timestamp = Date.now();
const className = `${name}${timestamp}`;

function render(kind: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) => queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated for ${kind} by db:generate from the entities. */
export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines([...down].reverse())}
  }
}
`;
}

function register(kind: 'mysql' | 'sqlite', up: string[], down: string[]): void {
  if (!up.length) {
    console.log(`${kind}: no changes`);
    return;
  }
  const file = `${timestamp}-${name}`;
  writeFileSync(path.join(srcDir, kind, `${file}.ts`), render(kind, up, down));
  const indexPath = path.join(srcDir, kind, 'index.ts');
  const constName = kind === 'mysql' ? 'MYSQL_MIGRATIONS' : 'SQLITE_MIGRATIONS';
  const index = readFileSync(indexPath, 'utf8');
  const imports = [...index.matchAll(/^import .*$/gm)].map((m) => m[0]);
  const listed = /=\s*\[([^\]]*)\];\s*$/.exec(index)?.[1] ?? '';
  const classes = listed
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  imports.push(`import { ${className} } from './${file}.js';`);
  classes.push(className);
  writeFileSync(indexPath, `${imports.join('\n')}\n\nexport const ${constName}: (new () => unknown)[] = [${classes.join(', ')}];\n`);
  console.log(`${kind}: wrote migrations/${kind}/${file}.ts (${up.length} statements)`);
}

async function diff(db: DatabaseConfig): Promise<{ up: string[]; down: string[] }> {
  const dataSource = new DataSource(dataSourceOptions(db));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    return await pendingSchemaChanges(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
const scratch = 'yiban_migration_scratch';
const admin = await createConnection({
  host: url.hostname,
  port: Number(url.port || 3306),
  user: decodeURIComponent(url.username),
  password: decodeURIComponent(url.password),
});
await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
await admin.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
try {
  url.pathname = `/${scratch}`;
  const mysql = await diff({ type: databaseUrl.startsWith('mariadb:') ? 'mariadb' : 'mysql', url: url.toString() });
  register('mysql', mysql.up, mysql.down);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
  await admin.end();
}
const sqlite = await diff({ type: 'sqlite', file: ':memory:' });
register('sqlite', sqlite.up, sqlite.down);
