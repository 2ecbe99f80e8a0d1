import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The one way to write. On MySQL/MariaDB every call gets its own transaction.
 * The embedded SQLite database has a single connection that TypeORM does not queue on,
 * so there transactions run one after another (a write outside `run` could join someone
 * else's open transaction: every write goes through here).
 */
@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;
  /** What to do once each open transaction has committed (see `afterCommit`). */
  private readonly committed = new WeakMap<EntityManager, (() => void)[]>();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.transaction(work);
    const result = this.tail.then(() => this.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Calls `then` once the transaction of `m` has committed (never if it rolls back); at once when `m` is not a
   * transaction opened by `run`. For what other processes may only learn after the commit (a cache entry is stale).
   * `then` must not throw: the transaction has committed by then.
   */
  afterCommit(m: EntityManager, then: () => void): void {
    const pending = this.committed.get(m);
    if (pending) pending.push(then);
    else then();
  }

  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let manager: EntityManager | null = null;
    const result = await this.dataSource.transaction((m) => {
      manager = m;
      this.committed.set(m, []);
      return work(m);
    });
    const then = manager ? this.committed.get(manager) : undefined;
    if (manager) this.committed.delete(manager);
    for (const f of then ?? []) f();
    return result;
  }
}
