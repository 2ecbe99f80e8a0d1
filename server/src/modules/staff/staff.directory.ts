import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AccessDirectory, type StaffFacts } from '../../common/auth/access-directory.js';
import { Transactions } from '../../common/database/transactions.js';
import { ClusterEvents } from '../../common/realtime/cluster-events.js';
import { CatalogReader } from '../catalog/index.js';
import { StaffMember } from './staff-member.entity.js';

/** Told to every instance (the sender too) after a staff member's row changed. */
const CHANGED = 'staff.changed';
/** How long a member's facts are kept; a change forgets them at once on every instance. */
const KEEP_MS = 60_000;

/**
 * Staff members for the other modules (names, who works where, who can take a consultation) and for the access
 * policy, which needs a signed-in member's roles and departments on every request. Those facts are kept in memory for
 * a minute (two reads a request were a sixth of a doctor's reply): every change of a member (`staffChanged`, called by
 * the staff service in the change's transaction) forgets them here at once and on every instance once committed, and
 * the changes that take rights away (roles, a disabled account, a password) also end the member's sessions. Department
 * leads (`leadOf`) are set by the seed only; whatever comes to change them must call `staffChanged` for both members.
 */
@Injectable()
export class StaffDirectory implements OnModuleInit {
  private readonly facts = new LRUCache<string, StaffFacts>({ max: 10_000, ttl: KEEP_MS });
  /** Display names for views (a chat's authors and assignees), kept and forgotten as the facts are. */
  private readonly names = new LRUCache<string, string>({ max: 10_000, ttl: KEEP_MS });

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CatalogReader) private readonly catalog: CatalogReader,
    @Inject(AccessDirectory) private readonly access: AccessDirectory,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(ClusterEvents) private readonly cluster: ClusterEvents,
  ) {
    this.cluster.subscribe(CHANGED, (payload) => {
      for (const id of Array.isArray(payload) ? payload : []) if (typeof id === 'string') this.forget(id);
    });
  }

  onModuleInit(): void {
    this.access.provideStaff(async (staffId) => {
      const kept = this.facts.get(staffId);
      if (kept) return kept;
      const [staff, leadOf] = await Promise.all([this.byId(staffId), this.catalog.ledBy(staffId)]);
      if (!staff) return null;
      const facts: StaffFacts = {
        active: staff.active,
        roles: staff.roles,
        displayName: staff.displayName,
        departmentIds: staff.departmentId ? [staff.departmentId] : [],
        leadOf,
      };
      this.facts.set(staffId, facts);
      return facts;
    });
  }

  /** A member's row changes in `m`'s transaction: their facts are forgotten here at once, and everywhere once committed. */
  staffChanged(m: EntityManager, id: string): void {
    this.forget(id);
    this.tx.afterCommit(m, () => {
      this.cluster.publish(CHANGED, [id]).catch(() => this.forget(id));
    });
  }

  private forget(id: string): void {
    this.facts.delete(id);
    this.names.delete(id);
  }

  /** Display names by id (unknown ids left out), for views: mostly from memory. */
  async displayNames(ids: Iterable<string | null>): Promise<Map<string, string>> {
    const unique = [...new Set(ids)].filter((id): id is string => !!id);
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const id of unique) {
      const name = this.names.get(id);
      if (name !== undefined) found.set(id, name);
      else missing.push(id);
    }
    if (missing.length) {
      const rows = await this.dataSource.getRepository(StaffMember).find({ select: { id: true, displayName: true }, where: { id: In(missing) } });
      for (const r of rows) {
        this.names.set(r.id, r.displayName);
        found.set(r.id, r.displayName);
      }
    }
    return found;
  }

  byId(id: string, m?: EntityManager): Promise<StaffMember | null> {
    return (m ?? this.dataSource.manager).getRepository(StaffMember).findOneBy({ id });
  }

  async byIds(ids: Iterable<string | null>): Promise<Map<string, StaffMember>> {
    const unique = [...new Set(ids)].filter((id): id is string => !!id);
    if (!unique.length) return new Map();
    return new Map((await this.dataSource.getRepository(StaffMember).findBy({ id: In(unique) })).map((s) => [s.id, s]));
  }

  /** The active staff login of a doctor's public profile (who answers when a patient picks that doctor). */
  forDoctor(doctorId: string, m?: EntityManager): Promise<StaffMember | null> {
    return (m ?? this.dataSource.manager).getRepository(StaffMember).findOneBy({ doctorId, active: true });
  }

  /** Active doctors of a department. */
  async doctorsOf(departmentId: string, m?: EntityManager): Promise<StaffMember[]> {
    return (await (m ?? this.dataSource.manager).getRepository(StaffMember).findBy({ departmentId, active: true })).filter((s) => s.roles.includes('doctor'));
  }

  /** Active staff with a role (e.g. every case manager, who may be a platinum member's health butler). */
  async withRole(role: StaffMember['roles'][number], m?: EntityManager): Promise<StaffMember[]> {
    return (await (m ?? this.dataSource.manager).getRepository(StaffMember).findBy({ active: true })).filter((s) => s.roles.includes(role));
  }

  /** Who a department's consultation can be handed to: its doctors and every case manager. */
  async transferCandidates(departmentId: string): Promise<StaffMember[]> {
    return (await this.dataSource.getRepository(StaffMember).findBy({ active: true })).filter(
      (s) => (s.roles.includes('doctor') && s.departmentId === departmentId) || s.roles.includes('case_manager'),
    );
  }

  forLogin(username: string): Promise<StaffMember | null> {
    return this.dataSource.getRepository(StaffMember).findOneBy({ username });
  }

  async recordLogin(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.update(StaffMember, { id }, { lastLoginAt: at });
  }
}
