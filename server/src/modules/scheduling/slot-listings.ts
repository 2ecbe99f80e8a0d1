import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { reservedOpensAt, type SlotView } from '@yiban/shared';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager } from 'typeorm';
import { hydrated, stored } from '../../common/database/bulk-insert.js';
import { Transactions } from '../../common/database/transactions.js';
import { ClusterEvents } from '../../common/realtime/cluster-events.js';
import { addDays, localDate, zonedInstant } from '../../common/time/zoned-time.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Slot } from './slot.entity.js';

/** `SlotView[]` as JSON, ready to send, and its entity tag. */
export interface SlotViewsJson {
  body: Buffer;
  etag: string;
}

/** Told to every instance (the sender too) after a commit that changed open slots of these doctor-days (`doctorId/date`). */
const CHANGED = 'slots.listings-changed';
/** How long a doctor-day's listing is kept. A change forgets it at once on every instance; this bounds a lost message. */
const LISTED_FOR_MS = 5_000;

/** One open slot of a doctor-day: when it starts, and its view as JSON. */
interface Listed {
  startsAt: number;
  json: string;
}

/** What a listing reads of a slot: only the columns of its view. */
const COLUMNS = ['id', 'startsAt', 'endsAt', 'capacity', 'booked', 'fee', 'visitType', 'reservedForTier'] as const;
type Row = Record<(typeof COLUMNS)[number], unknown>;

/**
 * A doctor's open slots as patients see them (`GET /doctors/{id}/slots`), kept for a few seconds per hospital-local
 * day, each slot's view already serialised: a week is then a filter and a join, not a query, 224 entities and their
 * JSON. The view is the same for everyone who asks (no part depends on the caller).
 *
 * Every write that changes what a listing shows — a place taken or given back, a slot edited or stopped, clinics
 * created — calls `changed` in its transaction: the doctor-days are forgotten here at once and, after the commit, here
 * again and on every instance. A read only keeps what it read when no change to that doctor was told while it was
 * reading, so a read that saw the rows before a commit cannot keep them after it: the next read after a hold or a
 * cancel has committed shows it.
 */
@Injectable()
export class SlotListings {
  /** Doctor-days read, for 5 s; at most 32 MB of views (a busy doctor's day is about 7 kB). */
  private readonly days = new LRUCache<string, Listed[]>({
    maxSize: 32 * 1024 * 1024,
    sizeCalculation: (day) => day.reduce((n, slot) => n + slot.json.length + 16, 16),
    ttl: LISTED_FOR_MS,
    ttlAutopurge: false,
  });
  /** Per doctor, changes told so far (a read keeps its rows only if this did not move while it read). */
  private readonly changes = new Map<string, number>();
  /** Answers made from the days they were made of (an answer is good while its days are the ones kept). */
  private readonly answers = new LRUCache<string, { days: Listed[][]; answer: SlotViewsJson }>({
    maxSize: 16 * 1024 * 1024,
    sizeCalculation: (a) => a.answer.body.length + 1,
  });
  /** Reads under way, per doctor and days: callers that want the same days meanwhile wait for the same read. */
  private readonly reading = new Map<string, { told: number; days: Promise<Listed[][]> }>();
  /** Start of a hospital-local day, per date (a week's seven are found without time-zone arithmetic). */
  private readonly dayStarts = new LRUCache<string, number>({ max: 2_000 });
  private sql: string | null = null;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cluster.subscribe(CHANGED, (payload) => this.forget(Array.isArray(payload) ? payload.filter((k): k is string => typeof k === 'string') : []));
  }

  /** The open slots of a doctor starting in [`start`, `to`), soonest first, as the JSON of `SlotView[]`. */
  async json(doctorId: string, start: Date, to: Date): Promise<SlotViewsJson> {
    if (to <= start) return answer([]);
    const dates: string[] = [];
    const last = localDate(new Date(to.getTime() - 1), this.config.timeZone);
    for (let date = localDate(start, this.config.timeZone); date <= last; date = addDays(date, 1)) dates.push(date);
    const listed = dates.map((date) => this.days.get(key(doctorId, date)));
    const first = listed.findIndex((l) => !l);
    if (first >= 0) {
      const end = listed.findLastIndex((l) => !l);
      (await this.shared(doctorId, dates.slice(first, end + 1))).forEach((l, i) => (listed[first + i] = l));
    }
    const days = listed as Listed[][];
    // What of the first and the last day is in the range (the days between are whole).
    const firstIn = days[0]!.findIndex((slot) => slot.startsAt >= start.getTime());
    const lastOut = days.at(-1)!.findIndex((slot) => slot.startsAt >= to.getTime());
    const k = `${doctorId}/${dates[0]}/${dates.length}/${firstIn}/${lastOut}`;
    const made = this.answers.get(k);
    if (made && made.days.every((day, i) => day === days[i])) return made.answer;
    const parts: string[] = [];
    days.forEach((day, i) => {
      const from = i === 0 ? (firstIn < 0 ? day.length : firstIn) : 0;
      const until = i === days.length - 1 && lastOut >= 0 ? lastOut : day.length;
      for (let j = from; j < until; j++) parts.push(day[j]!.json);
    });
    const result = answer(parts);
    this.answers.set(k, { days, answer: result });
    return result;
  }

  /**
   * Open slots of these doctor-days changed in `m`'s transaction (`starts`: the slots' start times, or the days
   * themselves as `YYYY-MM-DD`): their listings are forgotten here at once, and everywhere once it has committed.
   */
  changed(m: EntityManager, doctorId: string, starts: Iterable<Date | string>): void {
    const keys = new Set<string>();
    for (const at of starts) keys.add(key(doctorId, typeof at === 'string' ? at : localDate(at, this.config.timeZone)));
    if (!keys.size) return;
    const told = [...keys];
    this.forget(told);
    this.tx.afterCommit(m, () => {
      this.forget(told);
      this.cluster.publish(CHANGED, told).catch(() => undefined);
    });
  }

  private forget(keys: readonly string[]): void {
    for (const k of keys) {
      const doctorId = k.slice(0, k.indexOf('/'));
      this.changes.set(doctorId, (this.changes.get(doctorId) ?? 0) + 1);
      this.days.delete(k);
    }
  }

  /**
   * The days read by a read under way when no change to the doctor was told since it began (so it sees every change
   * committed before this call), else by a new read.
   */
  private shared(doctorId: string, dates: string[]): Promise<Listed[][]> {
    const k = `${doctorId}/${dates[0]}/${dates.at(-1)}`;
    const told = this.changes.get(doctorId) ?? 0;
    const under = this.reading.get(k);
    if (under?.told === told) return under.days;
    const read = { told, days: this.read(doctorId, dates, told) };
    this.reading.set(k, read);
    const done = () => {
      if (this.reading.get(k) === read) this.reading.delete(k);
    };
    read.days.then(done, done);
    return read.days;
  }

  /** Reads consecutive days of a doctor in one statement; keeps each day unless the doctor's slots changed since `told`. */
  private async read(doctorId: string, dates: string[], told: number): Promise<Listed[][]> {
    const bounds = [...dates, addDays(dates.at(-1)!, 1)].map((date) => this.dayStart(date));
    const m = this.dataSource.manager;
    const rows = (await this.dataSource.query(this.statement(), [
      doctorId,
      stored(m, Slot, 'startsAt', new Date(bounds[0]!)),
      stored(m, Slot, 'startsAt', new Date(bounds.at(-1)!)),
    ])) as Row[];
    const days: Listed[][] = dates.map(() => []);
    let day = 0;
    for (const row of rows) {
      const startsAt = hydrated(m, Slot, 'startsAt', row.startsAt) as Date;
      while (startsAt.getTime() >= bounds[day + 1]!) day++;
      days[day]!.push({ startsAt: startsAt.getTime(), json: JSON.stringify(view(row, startsAt, hydrated(m, Slot, 'endsAt', row.endsAt) as Date)) });
    }
    if ((this.changes.get(doctorId) ?? 0) === told) dates.forEach((date, i) => this.days.set(key(doctorId, date), days[i]!));
    return days;
  }

  private dayStart(date: string): number {
    let start = this.dayStarts.get(date);
    if (start === undefined) this.dayStarts.set(date, (start = zonedInstant(date, '00:00', this.config.timeZone).getTime()));
    return start;
  }

  /** Open slots of a doctor starting in [from, until), soonest first: the view's columns only, no entities. */
  private statement(): string {
    if (!this.sql) {
      const q = (name: string) => this.dataSource.driver.escape(name);
      this.sql =
        `SELECT ${COLUMNS.map(q).join(', ')} FROM ${q('slots')} ` +
        `WHERE ${q('doctorId')} = ? AND ${q('status')} = 'open' AND ${q('startsAt')} >= ? AND ${q('startsAt')} < ? ORDER BY ${q('startsAt')} ASC`;
    }
    return this.sql;
  }
}

/** The JSON array of these views, with a weak entity tag as Express would make it (a 304 for a client that has it). */
function answer(parts: string[]): SlotViewsJson {
  const body = Buffer.from(`[${parts.join(',')}]`);
  return { body, etag: `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64').slice(0, 27)}"` };
}

function key(doctorId: string, date: string): string {
  return `${doctorId}/${date}`;
}

/** A slot as patients see it (keys in the order of `SlotView`). */
function view(row: Row, startsAt: Date, endsAt: Date): SlotView {
  const reservedForTier = (row.reservedForTier as string | null) ?? null;
  return {
    id: row.id as string,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    fee: Number(row.fee),
    remaining: Math.max(0, Number(row.capacity) - Number(row.booked)),
    visitType: row.visitType as SlotView['visitType'],
    reservedForTier,
    reservedOpensAt: reservedForTier ? reservedOpensAt(startsAt).toISOString() : null,
  };
}
