import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * One page of a list, newest first by id (ULIDs are time-ordered), and the cursor for the next page: the last id
 * of this one, or null at the end. The query builder brings its own filters; `alias` is its main alias.
 */
export async function newestFirst<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: T[]; nextCursor: string | null }> {
  qb.orderBy(`${alias}.id`, 'DESC').take(page.limit + 1);
  if (page.cursor) qb.andWhere(`${alias}.id < :cursor`, { cursor: page.cursor });
  const rows = await qb.getMany();
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}
