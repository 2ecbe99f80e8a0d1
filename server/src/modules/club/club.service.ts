import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  CLUB_CHECK_IN_EARLY_MINUTES,
  CLUB_PAY_MINUTES,
  MEMBER_TIER_LABELS,
  SEAT_HOLDING_STATUSES,
  checkClubEvent,
  clubClosedReason,
  clubOfferExpiry,
  clubRefundOnCancel,
  localized,
  maskName,
  type ClubCheckInResult,
  type ClubEventInput,
  type ClubEventView,
  type ClubRegistrationStatus,
  type ClubRegistrationView,
  type Locale,
  type MemberTier,
  type StaffClubEventView,
  type StaffClubRegistrationView,
} from '@yiban/shared';
import { randomInt } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy.js';
import { seesPatientNames } from '../../common/auth/access-rules.js';
import type { AccountPrincipal, ActingProfile, StaffPrincipal } from '../../common/auth/principal.js';
import { lockRow } from '../../common/database/locks.js';
import { Transactions } from '../../common/database/transactions.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { JobQueue } from '../../common/jobs/job-queue.js';
import { JobRegistry } from '../../common/jobs/job-registry.js';
import { formatLocal } from '../../common/time/format.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../integrations/clock.js';
import { newQrCode } from '../appointments/index.js';
import { CampaignsService } from '../campaigns/index.js';
import { MembershipService } from '../membership/index.js';
import { Notifications } from '../messaging/index.js';
import { Checkout, type Payment } from '../payments/index.js';
import { PatientsReader } from '../patients/index.js';
import { SurveysService } from '../surveys/index.js';
import { ClubEvent, ClubRegistration } from './club.entities.js';

export const CLUB_EVENT_PAGE = 'packages/club/pages/event/index';
const HOUR_MS = 3_600_000;
const ACTIVE: ClubRegistrationStatus[] = ['pending_payment', 'registered', 'waitlisted', 'offered', 'attended'];

const facts = (e: ClubEvent) => ({
  status: e.status,
  eligibleTiers: e.tiers,
  registrationOpensAt: e.registrationOpensAt,
  registrationClosesAt: e.registrationClosesAt,
});

/**
 * The VIP club: events staff create and publish; patients of the eligible tiers register for a seat (free, for a fee
 * through the one checkout, or for points); a full event keeps a waitlist in arrival order and offers a freed seat to
 * the first waiting, who has a window to confirm; a reminder the day before; staff scan the QR code at the door, which
 * earns points and invites the post-event survey.
 *
 * Concurrency: every change to an event's seats happens under its row lock (taken first, then the registration), so
 * a full event never oversells and the waitlist numbers follow the order the locks were granted.
 */
@Injectable()
export class ClubService implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Transactions) private readonly tx: Transactions,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(JobRegistry) private readonly registry: JobRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(Checkout) private readonly checkout: Checkout,
    @Inject(Notifications) private readonly notifications: Notifications,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(PatientsReader) private readonly patients: PatientsReader,
    @Inject(SurveysService) private readonly surveys: SurveysService,
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
  ) {}

  onModuleInit(): void {
    this.checkout.register('event', {
      holdMinutes: () => CLUB_PAY_MINUTES,
      payable: async (id) => {
        const r = await this.dataSource.getRepository(ClubRegistration).findOneBy({ id });
        return r?.status === 'pending_payment' && !!r.payBefore && r.payBefore > this.clock.now();
      },
      onPaid: (m, payment) => this.onPaid(m, payment),
      onRefundSettled: async () => undefined,
      link: (id) => `${CLUB_EVENT_PAGE}?registration=${id}`,
      describe: (ids, locale) => this.describe(ids, locale),
    });
    this.registry.register('club.release-unpaid', ({ payload }) => this.release(payload.registrationId, 'pending_payment'));
    this.registry.register('club.offer-expired', ({ payload }) => this.release(payload.registrationId, 'offered'));
    this.registry.register('club.remind', ({ payload }) => this.remind(payload.registrationId));
    // A campaign may land on a published event, and a registration within the window after a send converts.
    this.campaigns.registerLanding('event', {
      check: async (id) => {
        if (!id || !(await this.dataSource.getRepository(ClubEvent).existsBy({ id, status: 'published' }))) throw new DomainError('EVENT_NOT_FOUND');
      },
      link: (id, campaignId) => `/${CLUB_EVENT_PAGE}?id=${id ?? ''}&c=${campaignId}`,
    });
    this.campaigns.registerConversion('registered', (sent, windowMs) => this.registeredAfterSend(sent, windowMs));
  }

  /** Of these sends, the patients who registered for an event within `windowMs` after one of theirs. */
  private async registeredAfterSend(sent: { patientId: string; sentAt: Date }[], windowMs: number): Promise<Set<string>> {
    const out = new Set<string>();
    if (!sent.length) return out;
    const times = sent.map((x) => x.sentAt.getTime());
    const rows = await this.dataSource
      .getRepository(ClubRegistration)
      .createQueryBuilder('r')
      .select(['r.patientId', 'r.createdAt'])
      .where('r.patientId IN (:...ids)', { ids: [...new Set(sent.map((x) => x.patientId))] })
      .andWhere('r.createdAt >= :from AND r.createdAt <= :to', { from: new Date(Math.min(...times)), to: new Date(Math.max(...times) + windowMs) })
      .getMany();
    const byPatient = new Map<string, number[]>();
    for (const r of rows) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r.createdAt.getTime()]);
    for (const x of sent) {
      const at = x.sentAt.getTime();
      if (byPatient.get(x.patientId)?.some((t) => t >= at && t <= at + windowMs)) out.add(x.patientId);
    }
    return out;
  }

  // ---------------------------------------------------------------- staff: events

  async create(actor: StaffPrincipal, input: ClubEventInput): Promise<StaffClubEventView> {
    this.policy.assert(actor, 'club_event', 'manage', { eligibleTiers: [], tier: null });
    this.check(input);
    const event = this.dataSource.getRepository(ClubEvent).create({ ...this.fields(input), createdByStaffId: actor.staffId });
    await this.tx.run((m) => m.insert(ClubEvent, event));
    return (await this.staffViews([event]))[0]!;
  }

  async update(actor: StaffPrincipal, id: string, input: ClubEventInput): Promise<StaffClubEventView> {
    this.policy.assert(actor, 'club_event', 'manage', { eligibleTiers: [], tier: null });
    this.check(input);
    const event = await this.tx.run(async (m) => {
      const e = await lockRow(m, ClubEvent, id);
      if (!e) throw new DomainError('EVENT_NOT_FOUND');
      if (e.status === 'cancelled' || e.startsAt <= this.clock.now()) throw new DomainError('EVENT_NOT_EDITABLE');
      if (input.capacity < e.taken) throw new DomainError('EVENT_CAPACITY_BELOW_TAKEN', { taken: e.taken });
      Object.assign(e, this.fields(input));
      await m.save(ClubEvent, e);
      // More seats: the waitlist moves up at once.
      if (e.status === 'published') await this.promote(m, e);
      return e;
    });
    return (await this.staffViews([event]))[0]!;
  }

  async publish(actor: StaffPrincipal, id: string): Promise<StaffClubEventView> {
    this.policy.assert(actor, 'club_event', 'manage', { eligibleTiers: [], tier: null });
    const event = await this.tx.run(async (m) => {
      const e = await lockRow(m, ClubEvent, id);
      if (!e) throw new DomainError('EVENT_NOT_FOUND');
      if (e.status === 'cancelled' || e.startsAt <= this.clock.now()) throw new DomainError('EVENT_NOT_EDITABLE');
      if (e.status === 'draft') {
        Object.assign(e, { status: 'published', publishedAt: this.clock.now() });
        await m.update(ClubEvent, { id }, { status: 'published', publishedAt: e.publishedAt });
      }
      return e;
    });
    return (await this.staffViews([event]))[0]!;
  }

  /** The hospital cancels an event: every place is given up, fees and points go back in full, and people are told. */
  async cancelEvent(actor: StaffPrincipal, id: string): Promise<StaffClubEventView> {
    this.policy.assert(actor, 'club_event', 'manage', { eligibleTiers: [], tier: null });
    const event = await this.tx.run(async (m) => {
      const e = await lockRow(m, ClubEvent, id);
      if (!e) throw new DomainError('EVENT_NOT_FOUND');
      if (e.status === 'cancelled') return e;
      if (e.endsAt <= this.clock.now()) throw new DomainError('EVENT_NOT_EDITABLE');
      const regs = await m.getRepository(ClubRegistration).findBy({ eventId: id, status: In(['pending_payment', 'registered', 'waitlisted', 'offered']) });
      for (const r of regs) {
        const back = await this.giveBack(m, r, { fee: r.fee, points: r.pointsSpent }, '活动取消，全额退款');
        await m.update(ClubRegistration, { id: r.id }, { status: 'cancelled', activeKey: null, cancelledAt: this.clock.now() });
        if (r.status !== 'waitlisted' || back.refund || back.points)
          await this.notifications.notify(m, {
            patientId: r.patientId,
            kind: 'event_cancelled',
            params: { eventId: e.id, title: e.title, titleEn: e.titleEn, startsAt: e.startsAt.toISOString(), refund: back.refund, points: back.points },
            link: `${CLUB_EVENT_PAGE}?id=${e.id}`,
            dedupeKey: `event-cancelled:${r.id}`,
          });
      }
      Object.assign(e, { status: 'cancelled', taken: 0 });
      await m.update(ClubEvent, { id }, { status: 'cancelled', taken: 0 });
      return e;
    });
    return (await this.staffViews([event]))[0]!;
  }

  async staffList(actor: StaffPrincipal): Promise<StaffClubEventView[]> {
    this.policy.assert(actor, 'club_event', 'read_registrations', { eligibleTiers: [], tier: null });
    const events = await this.dataSource.getRepository(ClubEvent).find({ order: { startsAt: 'DESC' }, take: 200 });
    return this.staffViews(events);
  }

  async staffEvent(actor: StaffPrincipal, id: string): Promise<StaffClubEventView> {
    this.policy.assert(actor, 'club_event', 'read_registrations', { eligibleTiers: [], tier: null });
    const event = await this.dataSource.getRepository(ClubEvent).findOneBy({ id });
    if (!event) throw new DomainError('EVENT_NOT_FOUND');
    return (await this.staffViews([event]))[0]!;
  }

  /** Who registered: names masked for non-clinical staff (the club's staff judge service, not people). */
  async registrations(actor: StaffPrincipal, eventId: string): Promise<StaffClubRegistrationView[]> {
    this.policy.assert(actor, 'club_event', 'read_registrations', { eligibleTiers: [], tier: null });
    if (!(await this.dataSource.getRepository(ClubEvent).existsBy({ id: eventId }))) throw new DomainError('EVENT_NOT_FOUND');
    const regs = await this.dataSource.getRepository(ClubRegistration).find({ where: { eventId }, order: { createdAt: 'ASC' }, take: 5_000 });
    const ids = regs.map((r) => r.patientId);
    const [profiles, tiers] = await Promise.all([this.patients.byIds(ids), this.membership.tiersOf(ids)]);
    const full = seesPatientNames(actor);
    const order = (r: ClubRegistration) => (r.status === 'waitlisted' ? 1 : r.status === 'cancelled' || r.status === 'expired' ? 2 : 0);
    return regs
      .sort((a, b) => order(a) - order(b) || (a.position ?? 0) - (b.position ?? 0))
      .map((r) => {
        const name = profiles.get(r.patientId)?.name ?? '';
        return {
          id: r.id,
          patientName: full ? name : maskName(name),
          tier: tiers.get(r.patientId) ?? 'lead',
          status: r.status,
          position: r.status === 'waitlisted' ? r.position : null,
          createdAt: r.createdAt.toISOString(),
          checkedInAt: r.checkedInAt?.toISOString() ?? null,
        };
      });
  }

  /**
   * At the door: the QR code (or its ten characters typed) of a confirmed registration for this event. Attendance earns
   * the points and queues the post-event survey; a second scan changes nothing and says so.
   */
  async checkIn(actor: StaffPrincipal, eventId: string, rawCode: string): Promise<ClubCheckInResult> {
    this.policy.assert(actor, 'club_event', 'check_in', { eligibleTiers: [], tier: null });
    const code = rawCode.replace(/[\s\u3000-]/g, '').toUpperCase();
    const result = await this.tx.run(async (m) => {
      const event = await m.getRepository(ClubEvent).findOneBy({ id: eventId });
      if (!event) throw new DomainError('EVENT_NOT_FOUND');
      const found = await m.getRepository(ClubRegistration).findOneBy({ checkInCode: code, eventId });
      if (!found) throw new DomainError('EVENT_CHECK_IN_UNKNOWN');
      const r = (await lockRow(m, ClubRegistration, found.id))!;
      if (r.status === 'attended') return { r, already: true };
      if (r.status !== 'registered') throw new DomainError('EVENT_CHECK_IN_NOT_CONFIRMED', { status: r.status });
      const now = this.clock.now();
      if (now.getTime() < event.startsAt.getTime() - CLUB_CHECK_IN_EARLY_MINUTES * 60_000 || now > event.endsAt)
        throw new DomainError('EVENT_CHECK_IN_NOT_OPEN');
      Object.assign(r, { status: 'attended', checkedInAt: now, checkedInByStaffId: actor.staffId });
      await m.update(ClubRegistration, { id: r.id }, { status: 'attended', checkedInAt: now, checkedInByStaffId: actor.staffId });
      await this.membership.earn(m, { patientId: r.patientId, reason: 'event_attended', sourceKey: `event:${r.id}` });
      await this.surveys.afterEventAttended(m, { patientId: r.patientId, registrationId: r.id });
      return { r, already: false };
    });
    const [profile, tiers] = await Promise.all([this.patients.byId(result.r.patientId), this.membership.tiersOf([result.r.patientId])]);
    const name = profile?.name ?? '';
    return {
      registrationId: result.r.id,
      patientName: seesPatientNames(actor) ? name : maskName(name),
      tier: tiers.get(result.r.patientId) ?? 'lead',
      already: result.already,
      checkedInAt: result.r.checkedInAt!.toISOString(),
    };
  }

  /** The fill and attendance report as CSV rows (times on the hospital's clock, money in yuan, rates in percent). */
  csvRows(events: StaffClubEventView[], locale: Locale): (string | number)[][] {
    const en = locale === 'en';
    const head = en
      ? [
          'Event',
          'Kind',
          'Starts',
          'Status',
          'Capacity',
          'Places held',
          'Fill rate %',
          'Registered',
          'Attended',
          'Attendance rate %',
          'Waitlisted',
          'Cancelled',
          'Fee (yuan)',
          'Points',
        ]
      : ['活动', '类型', '开始时间', '状态', '名额', '已占名额', '满座率 %', '已报名', '已签到', '到场率 %', '候补', '已取消', '费用（元）', '积分'];
    const kinds = {
      lecture: ['讲座', 'Lecture'],
      salon: ['沙龙', 'Salon'],
      festival: ['节日活动', 'Festival day'],
      forum: ['专家论坛', 'Expert forum'],
    } as const;
    const statuses = { draft: ['草稿', 'Draft'], published: ['已发布', 'Published'], cancelled: ['已取消', 'Cancelled'] } as const;
    const pct = (v: number | null) => (v === null ? '' : Math.round(v * 1000) / 10);
    return [
      head,
      ...events.map((e) => [
        en ? (e.titleEn ?? e.title) : e.title,
        kinds[e.kind][en ? 1 : 0],
        formatLocal(new Date(e.startsAt), this.config.timeZone),
        statuses[e.status][en ? 1 : 0],
        e.capacity,
        e.capacity - e.remaining,
        pct(e.fillRate),
        e.counts.registered,
        e.counts.attended,
        pct(e.attendanceRate),
        e.counts.waitlisted,
        e.counts.cancelled,
        (e.fee / 100).toFixed(2),
        e.pointsCost,
      ]),
    ];
  }

  // ---------------------------------------------------------------- patients

  /** Published events not yet over: those the patient may join first, then the rest with why not. */
  async list(patient: ActingProfile, locale: Locale): Promise<ClubEventView[]> {
    const now = this.clock.now();
    const events = await this.dataSource
      .getRepository(ClubEvent)
      .createQueryBuilder('e')
      .where('e.status = :published', { published: 'published' })
      .andWhere('e.endsAt > :now', { now })
      .orderBy('e.startsAt', 'ASC')
      .take(100)
      .getMany();
    const views = await this.patientViews(events, patient, locale);
    return views.sort((a, b) => Number(!!b.eligible) - Number(!!a.eligible) || a.startsAt.localeCompare(b.startsAt));
  }

  async event(patient: ActingProfile, id: string, locale: Locale): Promise<ClubEventView> {
    const event = await this.dataSource.getRepository(ClubEvent).findOneBy({ id });
    if (!event || event.status === 'draft') throw new DomainError('EVENT_NOT_FOUND');
    return (await this.patientViews([event], patient, locale))[0]!;
  }

  /**
   * Registers the acting profile, in the caller's transaction (the checkout's `sell`): a seat while there is one
   * (paid for by points now, or by the fee within CLUB_PAY_MINUTES), else the waitlist. Registering again answers the
   * registration there is.
   */
  async register(m: EntityManager, account: AccountPrincipal, patient: ActingProfile, eventId: string): Promise<string> {
    const event = await lockRow(m, ClubEvent, eventId);
    if (!event || event.status === 'draft') throw new DomainError('EVENT_NOT_FOUND');
    const existing = await m.getRepository(ClubRegistration).findOneBy({ activeKey: `${eventId}:${patient.id}` });
    if (existing) return existing.id;
    const now = this.clock.now();
    const tier = (await this.membership.tiersOf([patient.id], m)).get(patient.id) ?? 'lead';
    const reason = clubClosedReason(facts(event), tier, now);
    if (!this.policy.can(account, 'club_event', 'register', { eligibleTiers: event.tiers, tier }))
      throw new DomainError('EVENT_NOT_ELIGIBLE', this.tierWords(event.tiers));
    if (reason?.code === 'cancelled') throw new DomainError('EVENT_CANCELLED');
    if (reason?.code === 'closed') throw new DomainError('EVENT_REGISTRATION_CLOSED');
    if (reason?.code === 'not_open_yet') throw new DomainError('EVENT_NOT_OPEN_YET', { opensAt: formatLocal(new Date(reason.opensAt), this.config.timeZone) });
    const r = m.getRepository(ClubRegistration).create({
      eventId,
      patientId: patient.id,
      accountId: patient.accountId,
      activeKey: `${eventId}:${patient.id}`,
      checkInCode: newQrCode(randomInt),
      status: 'waitlisted',
    });
    if (event.taken < event.capacity) {
      event.taken += 1;
      await m.update(ClubEvent, { id: eventId }, { taken: event.taken });
      await m.insert(ClubRegistration, r);
      await this.takeSeat(m, event, r);
    } else {
      event.waitSeq += 1;
      r.position = event.waitSeq;
      await m.update(ClubEvent, { id: eventId }, { waitSeq: event.waitSeq });
      await m.insert(ClubRegistration, r);
    }
    return r.id;
  }

  /** A seat offered from the waitlist, confirmed in time: paid for like a fresh registration. */
  async confirm(account: AccountPrincipal, id: string): Promise<string> {
    await this.tx.run(async (m) => {
      const found = await m.getRepository(ClubRegistration).findOneBy({ id });
      this.policy.assert(account, 'club_registration', 'confirm', found);
      const event = (await lockRow(m, ClubEvent, found.eventId))!;
      const r = (await lockRow(m, ClubRegistration, id))!;
      if (r.status === 'registered' || r.status === 'pending_payment') return;
      if (r.status === 'expired') throw new DomainError('EVENT_OFFER_EXPIRED');
      if (r.status !== 'offered') throw new DomainError('EVENT_REGISTRATION_NOT_ACTIVE');
      if (r.offerExpiresAt && r.offerExpiresAt <= this.clock.now()) throw new DomainError('EVENT_OFFER_EXPIRED');
      await this.takeSeat(m, event, r);
    });
    return id;
  }

  /** The patient gives up their registration: the seat goes to the waitlist; the fee and points back by the rule. */
  async cancel(account: AccountPrincipal, id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const found = await m.getRepository(ClubRegistration).findOneBy({ id });
      this.policy.assert(account, 'club_registration', 'cancel', found);
      const event = (await lockRow(m, ClubEvent, found.eventId))!;
      const r = (await lockRow(m, ClubRegistration, id))!;
      if (r.status === 'cancelled') return;
      if (!['pending_payment', 'registered', 'waitlisted', 'offered'].includes(r.status) || event.startsAt <= this.clock.now())
        throw new DomainError('EVENT_REGISTRATION_NOT_ACTIVE');
      const now = this.clock.now();
      const refund = clubRefundOnCancel(r.fee, now, event.startsAt);
      const points = clubRefundOnCancel(r.pointsSpent, now, event.startsAt);
      await this.giveBack(m, r, { fee: refund, points }, '取消活动报名');
      const held = SEAT_HOLDING_STATUSES.includes(r.status);
      await m.update(ClubRegistration, { id }, { status: 'cancelled', activeKey: null, cancelledAt: now });
      if (held) {
        event.taken -= 1;
        await m.update(ClubEvent, { id: event.id }, { taken: event.taken });
        await this.promote(m, event);
      }
    });
  }

  /** The acting profile's registrations, the coming events first. */
  async mine(patient: ActingProfile, locale: Locale): Promise<ClubRegistrationView[]> {
    const regs = await this.dataSource.getRepository(ClubRegistration).find({ where: { patientId: patient.id }, order: { createdAt: 'DESC' }, take: 100 });
    const events = new Map(
      (regs.length ? await this.dataSource.getRepository(ClubEvent).findBy({ id: In([...new Set(regs.map((r) => r.eventId))]) }) : []).map((e) => [e.id, e]),
    );
    const views = await Promise.all(regs.map((r) => this.registrationView(r, events.get(r.eventId)!, locale)));
    return views.sort((a, b) => (a.event?.startsAt ?? '').localeCompare(b.event?.startsAt ?? ''));
  }

  async registration(account: AccountPrincipal, id: string, locale: Locale): Promise<ClubRegistrationView> {
    const r = await this.dataSource.getRepository(ClubRegistration).findOneBy({ id });
    this.policy.assert(account, 'club_registration', 'read', r);
    const event = await this.dataSource.getRepository(ClubEvent).findOneByOrFail({ id: r.eventId });
    return this.registrationView(r, event, locale);
  }

  // ---------------------------------------------------------------- seats

  /** A seat now belongs to `r` (the event is locked, `taken` already counts it): points now, or the fee to pay. */
  private async takeSeat(m: EntityManager, event: ClubEvent, r: ClubRegistration): Promise<void> {
    const now = this.clock.now();
    if (event.pointsCost > 0) {
      await this.membership.spend(m, { patientId: r.patientId, points: event.pointsCost, reason: 'event_registration', sourceKey: `event-reg:${r.id}` });
      r.pointsSpent = event.pointsCost;
    }
    const { fee } = await this.checkout.price(m, r.patientId, event.fee);
    if (fee > 0) {
      const payBefore = new Date(Math.min(now.getTime() + CLUB_PAY_MINUTES * 60_000, event.startsAt.getTime()));
      Object.assign(r, { status: 'pending_payment', fee: event.fee, payBefore, offerExpiresAt: null, position: null });
      await m.update(
        ClubRegistration,
        { id: r.id },
        { status: 'pending_payment', fee: event.fee, pointsSpent: r.pointsSpent, payBefore, offerExpiresAt: null, position: null },
      );
      await this.checkout.open(m, {
        purpose: 'event',
        subjectId: r.id,
        patientId: r.patientId,
        accountId: r.accountId,
        amount: fee,
        description: `活动报名 ${event.title}`.slice(0, 120),
        payBefore,
      });
      await this.jobs.enqueue(m, 'club.release-unpaid', { registrationId: r.id }, { runAt: payBefore, idempotencyKey: `club.unpaid:${r.id}` });
      return;
    }
    Object.assign(r, { status: 'registered', offerExpiresAt: null, position: null });
    await m.update(ClubRegistration, { id: r.id }, { status: 'registered', pointsSpent: r.pointsSpent, offerExpiresAt: null, position: null });
    await this.queueReminder(m, event, r);
  }

  private async queueReminder(m: EntityManager, event: ClubEvent, r: ClubRegistration): Promise<void> {
    const at = new Date(event.startsAt.getTime() - 24 * HOUR_MS);
    if (at <= this.clock.now()) return;
    await this.jobs.enqueue(m, 'club.remind', { registrationId: r.id }, { runAt: at, idempotencyKey: `club.remind:${r.id}` });
  }

  /** Free seats go to the first waiting, in order, each with a window to confirm (never past the start). */
  private async promote(m: EntityManager, event: ClubEvent): Promise<void> {
    const now = this.clock.now();
    if (event.status !== 'published' || event.startsAt <= now) return;
    while (event.taken < event.capacity) {
      const next = await m.getRepository(ClubRegistration).findOne({ where: { eventId: event.id, status: 'waitlisted' }, order: { position: 'ASC' } });
      if (!next) return;
      const until = clubOfferExpiry(now, event.startsAt);
      event.taken += 1;
      await m.update(ClubEvent, { id: event.id }, { taken: event.taken });
      await m.update(ClubRegistration, { id: next.id }, { status: 'offered', offerExpiresAt: until });
      await this.jobs.enqueue(m, 'club.offer-expired', { registrationId: next.id }, { runAt: until, idempotencyKey: `club.offer:${next.id}` });
      await this.notifications.notify(m, {
        patientId: next.patientId,
        kind: 'event_offer',
        params: {
          registrationId: next.id,
          eventId: event.id,
          title: event.title,
          titleEn: event.titleEn,
          startsAt: event.startsAt.toISOString(),
          offerExpiresAt: until.toISOString(),
        },
        link: `${CLUB_EVENT_PAGE}?id=${event.id}`,
        dedupeKey: `event-offer:${next.id}`,
        expiresAt: until,
      });
    }
  }

  /** The jobs: an unpaid seat or an unconfirmed offer whose time ran out is freed for the next on the waitlist. */
  private async release(registrationId: string, from: 'pending_payment' | 'offered'): Promise<void> {
    await this.tx.run(async (m) => {
      const found = await m.getRepository(ClubRegistration).findOneBy({ id: registrationId });
      if (!found) return;
      const event = (await lockRow(m, ClubEvent, found.eventId))!;
      const r = (await lockRow(m, ClubRegistration, registrationId))!;
      const deadline = from === 'pending_payment' ? r.payBefore : r.offerExpiresAt;
      if (r.status !== from || !deadline || deadline > this.clock.now()) return;
      await m.update(ClubRegistration, { id: r.id }, { status: 'expired', activeKey: null });
      // An order still open is closed (a payment arriving after all goes back: onPaid refuses it).
      await this.giveBack(m, r, { fee: r.fee, points: r.pointsSpent }, '活动报名超时未支付');
      event.taken -= 1;
      await m.update(ClubEvent, { id: event.id }, { taken: event.taken });
      await this.promote(m, event);
    });
  }

  /** Money and points back: a paid fee refunded (an unpaid order closed), spent points credited exactly. */
  private async giveBack(
    m: EntityManager,
    r: ClubRegistration,
    amounts: { fee: number; points: number },
    reason: string,
  ): Promise<{ refund: number; points: number }> {
    let refund = 0;
    const payment = r.fee > 0 ? await this.checkout.paymentFor(m, 'event', r.id) : null;
    if (payment) {
      const paid = payment.status !== 'pending' && payment.status !== 'closed';
      if (!paid || amounts.fee > 0) {
        const done = await this.checkout.refund(m, payment, paid ? amounts.fee : payment.amount, reason);
        refund = paid && done ? done.amount : 0;
      }
    }
    let points = 0;
    if (amounts.points > 0 && r.pointsSpent > 0) {
      await this.membership.earn(m, {
        patientId: r.patientId,
        reason: 'event_registration',
        sourceKey: `event-back:${r.id}`,
        points: amounts.points,
        exact: true,
      });
      points = amounts.points;
    }
    return { refund, points };
  }

  private async onPaid(m: EntityManager, payment: Payment): Promise<{ keep: true } | { keep: false; reason: string }> {
    const r = await lockRow(m, ClubRegistration, payment.subjectId);
    if (!r) return { keep: false, reason: '报名不存在，自动退款' };
    if (r.status === 'registered' || r.status === 'attended') return { keep: true };
    if (r.status !== 'pending_payment') return { keep: false, reason: '支付时报名已失效，自动退款' };
    await m.update(ClubRegistration, { id: r.id }, { status: 'registered', payBefore: null });
    const event = await m.getRepository(ClubEvent).findOneByOrFail({ id: r.eventId });
    await this.queueReminder(m, event, r);
    return { keep: true };
  }

  private async remind(registrationId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const r = await m.getRepository(ClubRegistration).findOneBy({ id: registrationId });
      if (r?.status !== 'registered') return;
      const event = await m.getRepository(ClubEvent).findOneByOrFail({ id: r.eventId });
      if (event.status !== 'published') return;
      await this.notifications.notify(m, {
        patientId: r.patientId,
        kind: 'event_reminder',
        params: {
          eventId: event.id,
          title: event.title,
          titleEn: event.titleEn,
          startsAt: event.startsAt.toISOString(),
          venue: event.online ? null : event.venue,
          venueEn: event.online ? null : event.venueEn,
        },
        link: `${CLUB_EVENT_PAGE}?id=${event.id}`,
        dedupeKey: `event-reminder:${r.id}`,
        expiresAt: event.startsAt,
      });
    });
  }

  // ---------------------------------------------------------------- views

  private check(input: ClubEventInput): void {
    const problems = checkClubEvent(input);
    if (problems.length) throw new DomainError('EVENT_INVALID', { count: problems.length, problems });
  }

  private fields(input: ClubEventInput): Partial<ClubEvent> {
    const startsAt = new Date(input.startsAt);
    return {
      title: input.title.trim(),
      titleEn: input.titleEn?.trim() || null,
      kind: input.kind,
      description: input.description?.trim() || null,
      descriptionEn: input.descriptionEn?.trim() || null,
      startsAt,
      endsAt: new Date(input.endsAt),
      venue: input.venue?.trim() || null,
      venueEn: input.venueEn?.trim() || null,
      online: input.online ?? false,
      capacity: input.capacity,
      eligibleTiers: [...new Set(input.eligibleTiers ?? [])].join(','),
      fee: input.fee ?? 0,
      pointsCost: input.pointsCost ?? 0,
      registrationOpensAt: input.registrationOpensAt ? new Date(input.registrationOpensAt) : null,
      registrationClosesAt: input.registrationClosesAt ? new Date(input.registrationClosesAt) : startsAt,
    };
  }

  private tierWords(tiers: readonly MemberTier[]): Record<string, unknown> {
    return {
      tiers,
      tiersZh: tiers.map((t) => MEMBER_TIER_LABELS[t].zh).join('、'),
      tiersEn: tiers.map((t) => MEMBER_TIER_LABELS[t].en).join(', '),
    };
  }

  private async counts(eventIds: string[]): Promise<Map<string, Map<ClubRegistrationStatus, number>>> {
    const out = new Map<string, Map<ClubRegistrationStatus, number>>();
    if (!eventIds.length) return out;
    const rows = await this.dataSource
      .getRepository(ClubRegistration)
      .createQueryBuilder('r')
      .select('r.eventId', 'eventId')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('r.eventId IN (:...ids)', { ids: eventIds })
      .groupBy('r.eventId')
      .addGroupBy('r.status')
      .getRawMany<{ eventId: string; status: ClubRegistrationStatus; n: unknown }>();
    for (const row of rows) {
      const map = out.get(row.eventId) ?? new Map<ClubRegistrationStatus, number>();
      map.set(row.status, Number(row.n));
      out.set(row.eventId, map);
    }
    return out;
  }

  private base(e: ClubEvent, waitlisted: number) {
    return {
      id: e.id,
      kind: e.kind,
      description: e.description,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      venue: e.venue,
      online: e.online,
      capacity: e.capacity,
      remaining: Math.max(0, e.capacity - e.taken),
      waitlisted,
      eligibleTiers: e.tiers,
      fee: e.fee,
      pointsCost: e.pointsCost,
      registrationOpensAt: e.registrationOpensAt?.toISOString() ?? null,
      registrationClosesAt: e.registrationClosesAt.toISOString(),
    };
  }

  /** What a patient reads of an event in their language: the English where staff entered it, else the Chinese. */
  private inLanguage(e: ClubEvent, locale: Locale): { title: string; description: string | null; venue: string | null } {
    return {
      title: localized(e.title, e.titleEn, locale).value,
      description: e.description === null ? null : localized(e.description, e.descriptionEn, locale).value,
      venue: e.venue === null ? null : localized(e.venue, e.venueEn, locale).value,
    };
  }

  private async staffViews(events: ClubEvent[]): Promise<StaffClubEventView[]> {
    const counts = await this.counts(events.map((e) => e.id));
    const now = this.clock.now();
    return events.map((e) => {
      const c = counts.get(e.id) ?? new Map<ClubRegistrationStatus, number>();
      const n = (s: ClubRegistrationStatus) => c.get(s) ?? 0;
      const confirmed = n('registered') + n('attended');
      return {
        ...this.base(e, n('waitlisted')),
        title: e.title,
        titleEn: e.titleEn,
        descriptionEn: e.descriptionEn,
        venueEn: e.venueEn,
        status: e.status,
        counts: {
          registered: n('registered'),
          pendingPayment: n('pending_payment'),
          offered: n('offered'),
          waitlisted: n('waitlisted'),
          attended: n('attended'),
          cancelled: n('cancelled') + n('expired'),
        },
        fillRate: e.capacity ? Math.round((e.taken / e.capacity) * 1000) / 1000 : 0,
        // Once the event has started, or the first people were checked in at the door (check-in opens two hours early).
        attendanceRate: (e.startsAt <= now || n('attended') > 0) && confirmed ? Math.round((n('attended') / confirmed) * 1000) / 1000 : null,
      };
    });
  }

  private async patientViews(events: ClubEvent[], patient: ActingProfile, locale: Locale): Promise<ClubEventView[]> {
    if (!events.length) return [];
    const [counts, tiers, mine] = await Promise.all([
      this.counts(events.map((e) => e.id)),
      this.membership.tiersOf([patient.id]),
      this.dataSource.getRepository(ClubRegistration).findBy({ patientId: patient.id, eventId: In(events.map((e) => e.id)), status: In(ACTIVE) }),
    ]);
    const tier = tiers.get(patient.id) ?? 'lead';
    const now = this.clock.now();
    const byEvent = new Map(mine.map((r) => [r.eventId, r]));
    return Promise.all(
      events.map(async (e) => {
        const reason = clubClosedReason(facts(e), tier, now);
        const r = byEvent.get(e.id);
        return {
          ...this.base(e, counts.get(e.id)?.get('waitlisted') ?? 0),
          ...this.inLanguage(e, locale),
          eligible: !e.tiers.length || e.tiers.includes(tier),
          closedReason: reason,
          mine: r ? await this.registrationView(r, e, locale) : null,
        };
      }),
    );
  }

  private async registrationView(r: ClubRegistration, e: ClubEvent, locale: Locale): Promise<ClubRegistrationView> {
    const ahead =
      r.status === 'waitlisted' && r.position !== null
        ? await this.dataSource
            .getRepository(ClubRegistration)
            .createQueryBuilder('w')
            .where('w.eventId = :id AND w.status = :waitlisted AND w.position < :position', { id: e.id, waitlisted: 'waitlisted', position: r.position })
            .getCount()
        : undefined;
    const seat = r.status === 'registered' || r.status === 'attended';
    return {
      id: r.id,
      eventId: r.eventId,
      status: r.status,
      ...(ahead !== undefined && { ahead }),
      ...(r.status === 'offered' && { offerExpiresAt: r.offerExpiresAt?.toISOString() ?? null }),
      ...(r.status === 'pending_payment' && { payBefore: r.payBefore?.toISOString() ?? null }),
      ...(seat && { checkInCode: r.checkInCode }),
      fee: r.fee,
      pointsSpent: r.pointsSpent,
      checkedInAt: r.checkedInAt?.toISOString() ?? null,
      event: {
        title: localized(e.title, e.titleEn, locale).value,
        startsAt: e.startsAt.toISOString(),
        venue: this.inLanguage(e, locale).venue,
        online: e.online,
      },
    };
  }

  private async describe(ids: string[], locale: Locale) {
    const regs = ids.length ? await this.dataSource.getRepository(ClubRegistration).findBy({ id: In(ids) }) : [];
    const events = new Map(
      (regs.length ? await this.dataSource.getRepository(ClubEvent).findBy({ id: In([...new Set(regs.map((r) => r.eventId))]) }) : []).map((e) => [e.id, e]),
    );
    return new Map(
      regs
        .filter((r) => events.has(r.eventId))
        .map((r) => {
          const e = events.get(r.eventId)!;
          return [
            r.id,
            {
              title: `${locale === 'en' ? 'Club event' : '俱乐部活动'} · ${localized(e.title, e.titleEn, locale).value}`,
              detail: formatLocal(e.startsAt, this.config.timeZone),
            },
          ] as const;
        }),
    );
  }
}
