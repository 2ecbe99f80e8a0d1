import { dataSourceOf, type TestServer } from './server.js';

/** Rows per table, keyed by table name. */
export type TableCounts = Readonly<Record<string, number>>;

const statements = new WeakMap<object, { sql: string; tables: string[] }>();

/** One `SELECT … COUNT(*) … UNION ALL …` over every table the data source maps (built once per data source). */
function statementFor(server: TestServer): { sql: string; tables: string[] } {
  const dataSource = dataSourceOf(server);
  let statement = statements.get(dataSource);
  if (!statement) {
    const tables = [...new Set(dataSource.entityMetadatas.filter((m) => m.tableType !== 'view').map((m) => m.tablePath))].sort();
    const sql = tables.map((table, i) => `SELECT ${i} AS t, COUNT(*) AS n FROM ${dataSource.driver.escape(table)}`).join(' UNION ALL ');
    statement = { sql, tables };
    statements.set(dataSource, statement);
  }
  return statement;
}

/**
 * How many rows every table of the server's entities holds (soft-deleted rows included, join tables too), read in
 * one query: a test takes it before and after a request to prove the request wrote nothing (`changedTables`).
 */
export async function tableRowCounts(server: TestServer): Promise<TableCounts> {
  const { sql, tables } = statementFor(server);
  const rows = await dataSourceOf(server).query<{ t: number | string; n: number | string }[]>(sql);
  const counts: Record<string, number> = Object.fromEntries(tables.map((table) => [table, 0]));
  for (const row of rows) counts[tables[Number(row.t)]!] = Number(row.n);
  return counts;
}

/** The tables whose row counts differ, as `table: before → after` (empty when nothing changed). */
export function changedTables(before: TableCounts, after: TableCounts): string[] {
  const tables = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return tables.filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t] ?? 0} → ${after[t] ?? 0}`);
}
