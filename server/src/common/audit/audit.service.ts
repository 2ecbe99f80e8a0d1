import { Inject, Injectable } from '@nestjs/common';
import type { AuditAction } from '@yiban/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../auth/principal.js';
import { newestFirst } from '../database/paging.js';
import { Transactions } from '../database/transactions.js';
import { currentRequest } from '../http/request-context.js';
import { Clock } from '../../integrations/clock.js';
import { AuditLog } from './audit-log.entity.js';

export interface AuditEntry {
  action: AuditAction;
  patientId?: string | null;
  resource: string;
  resourceId?: string | null;
  purpose?: string | null;
}

/** Records what staff did with patients' data. Every staff read of a patient's record calls `record`. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Writes the row in the caller's transaction when given one, so the read and its record stand or fall together. */
  async record(actor: StaffPrincipal, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const ctx = currentRequest();
    const row = this.dataSource.getRepository(AuditLog).create({
      at: this.clock.now(),
      actorStaffId: actor.staffId,
      actorRoles: actor.roles.join(','),
      action: entry.action,
      patientId: entry.patientId ?? null,
      resource: entry.resource,
      resourceId: entry.resourceId ?? null,
      purpose: entry.purpose ?? null,
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
    });
    if (manager) await manager.insert(AuditLog, row);
    else await this.tx.run((m) => m.insert(AuditLog, row));
  }

  /** Newest first; `since` inclusive, `before` exclusive. */
  async list(filter: {
    patientId?: string;
    actorStaffId?: string;
    action?: AuditAction;
    since?: Date | null;
    before?: Date | null;
    limit: number;
    cursor?: string;
  }): Promise<{ items: AuditLog[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(AuditLog).createQueryBuilder('a');
    if (filter.patientId) qb.andWhere('a.patientId = :patientId', { patientId: filter.patientId });
    if (filter.actorStaffId) qb.andWhere('a.actorStaffId = :actorStaffId', { actorStaffId: filter.actorStaffId });
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.since) qb.andWhere('a.at >= :since', { since: filter.since });
    if (filter.before) qb.andWhere('a.at < :before', { before: filter.before });
    return newestFirst(qb, 'a', filter);
  }
}
