import type { EntitySubscriberInterface, InsertEvent, QueryRunner, RemoveEvent, SoftRemoveEvent, UpdateEvent } from 'typeorm';

/** A write made outside a transaction: a bug (on SQLite it would join whichever transaction happens to be open). */
export class WriteOutsideTransactionError extends Error {
  constructor(operation: string, table: string) {
    super(`${operation} on ${table} outside a transaction: every write goes through Transactions.run`);
    this.name = 'WriteOutsideTransactionError';
  }
}

function check(queryRunner: QueryRunner | undefined, operation: string, table: string | undefined): void {
  if (queryRunner && !queryRunner.isTransactionActive) throw new WriteOutsideTransactionError(operation, table ?? '?');
}

/**
 * Makes the rule "every write goes through the one transaction helper" hold at run time: TypeORM tells subscribers
 * before each insert, update and delete (query builders included), and a write whose connection has no open
 * transaction is refused. The lint rule (eslint/module-boundaries.mjs) refuses writes through the DataSource itself.
 */
export class WritesInTransaction implements EntitySubscriberInterface {
  beforeInsert(event: InsertEvent<unknown>): void {
    check(event.queryRunner, 'INSERT', event.metadata?.tableName);
  }

  beforeUpdate(event: UpdateEvent<unknown>): void {
    check(event.queryRunner, 'UPDATE', event.metadata?.tableName);
  }

  beforeRemove(event: RemoveEvent<unknown>): void {
    check(event.queryRunner, 'DELETE', event.metadata?.tableName);
  }

  beforeSoftRemove(event: SoftRemoveEvent<unknown>): void {
    check(event.queryRunner, 'SOFT DELETE', event.metadata?.tableName);
  }
}
