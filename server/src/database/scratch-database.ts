import { createConnection } from 'mysql2/promise';

/**
 * An empty database on the MySQL/MariaDB server `baseUrl` points at, created anew (for migration generation,
 * tests and benchmarks). Returns its URL, in the same scheme as `baseUrl`, and a way to drop it.
 */
export async function recreateDatabase(baseUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(baseUrl.replace(/^mariadb:/, 'mysql:'));
  const connect = () =>
    createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
  const run = async (sql: string) => {
    const conn = await connect();
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS \`${name}\``);
  await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return {
    url: url.toString().replace(/^mysql:/, baseUrl.startsWith('mariadb:') ? 'mariadb:' : 'mysql:'),
    drop: () => run(`DROP DATABASE IF EXISTS \`${name}\``),
  };
}
