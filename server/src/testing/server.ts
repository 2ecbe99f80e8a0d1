import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Transactions } from '../common/database/transactions.js';

/**
 * What the helpers here need of a running server: the Nest application. A test stack (`test/support/stack.ts`)
 * is one as it is; a benchmark passes `{ app }`.
 */
export interface TestServer {
  readonly app: INestApplicationContext;
}

export function dataSourceOf(server: TestServer): DataSource {
  return server.app.get(DataSource);
}

/** Writes go through the server's own Transactions (on SQLite it serialises them: see transactions.ts). */
export function inTransaction<T>(server: TestServer, work: (m: EntityManager) => Promise<T>): Promise<T> {
  return server.app.get(Transactions).run(work);
}
