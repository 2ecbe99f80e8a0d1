/**
 * Writes a migration for each database kind from the difference between the entities and the
 * schema the existing migrations build. Usage: pnpm --filter @yiban/server db:generate <Name>
 * Needs DATABASE_URL (a MySQL/MariaDB server; a scratch database is created and dropped on it).
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../config/config.js';
import { dataSourceOptions } from '../data-source.js';
import { pendingSchemaChanges } from '../schema-drift.js';
import { recreateDatabase } from '../scratch-database.js';

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

const scratch = await recreateDatabase(databaseUrl, 'yiban_migration_scratch');
try {
  const mysql = await diff({ type: databaseUrl.startsWith('mariadb:') ? 'mariadb' : 'mysql', url: scratch.url.replace(/^mariadb:/, 'mysql:') });
  register('mysql', mysql.up, mysql.down);
} finally {
  await scratch.drop();
}
const sqlite = await diff({ type: 'sqlite', file: ':memory:' });
register('sqlite', sqlite.up, sqlite.down);
