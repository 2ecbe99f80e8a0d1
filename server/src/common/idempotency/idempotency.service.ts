import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager, type QueryDeepPartialEntity, QueryFailedError } from 'typeorm';
import { Transactions } from '../database/transactions.js';
import { DomainError } from '../errors/domain-error.js';
import { IdempotencyRecord } from './idempotency-record.entity.js';

const KEY = /^[\w.:-]{8,128}$/;

export function fingerprint(route: string, body: unknown): string {
  return `${route.slice(0, 60)}#${createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex')
    .slice(0, 64)}`;
}

/**
 * Runs a change at most once per (caller, Idempotency-Key). The change and the stored answer commit together,
 * so a crash leaves neither; a concurrent duplicate waits on the unique key and then gets the first answer.
 */
@Injectable()
export class Idempotency {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
  ) {}

  /** `before`: a check that may refuse the change without a transaction, made after a replay is answered and before the change. */
  async run<T>(
    owner: string,
    key: string | undefined,
    print: string,
    work: (m: EntityManager) => Promise<{ status: number; body: T }>,
    before?: () => void,
  ): Promise<{ status: number; body: T; replayed: boolean }> {
    if (key === undefined) {
      before?.();
      return { ...(await this.tx.run(work)), replayed: false };
    }
    if (!KEY.test(key)) throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'Idempotency-Key', problems: ['format'] }] });
    const stored = await this.find<T>(owner, key, print);
    if (stored) return stored;
    before?.();
    try {
      return await this.tx.run(async (m) => {
        const result = await work(m);
        // The stored answer is free-form JSON, which TypeORM's deep-partial type cannot describe.
        const record = m
          .getRepository(IdempotencyRecord)
          .create({ owner, key, fingerprint: print, status: result.status, response: result.body as Record<string, unknown> });
        await m.insert(IdempotencyRecord, record as QueryDeepPartialEntity<IdempotencyRecord>);
        return { ...result, replayed: false };
      });
    } catch (error) {
      // Someone with the same key committed first (a duplicate index error, or the domain error it caused, e.g. a
      // second hold on the same slot): answer what they got.
      const first = await this.find<T>(owner, key, print);
      if (first) return first;
      if (error instanceof QueryFailedError && /duplicate|unique/i.test(error.message)) throw new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS');
      throw error;
    }
  }

  private async find<T>(owner: string, key: string, print: string): Promise<{ status: number; body: T; replayed: true } | null> {
    const row = await this.dataSource.getRepository(IdempotencyRecord).findOneBy({ owner, key });
    if (!row) return null;
    if (row.fingerprint !== print) throw new DomainError('IDEMPOTENCY_KEY_CONFLICT');
    return { status: row.status, body: row.response as T, replayed: true };
  }
}
