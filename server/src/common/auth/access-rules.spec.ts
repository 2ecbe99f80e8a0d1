import type { StaffRole } from '@yiban/shared';
import { decide, seesPatientNames, type AccessOutcome, type ResourceFacts } from './access-rules.js';
import type { AccountPrincipal, StaffPrincipal } from './principal.js';

const CARD = 'D-CARD';
const ENDO = 'D-ENDO';
const account = (accountId: string): AccountPrincipal => ({ kind: 'account', accountId, sessionId: 's', roles: ['patient'] });
const staff = (staffId: string, roles: StaffRole[], departmentIds: string[] = [], leadOf: string[] = []): StaffPrincipal => ({
  kind: 'staff',
  staffId,
  sessionId: 's',
  roles,
  departmentIds,
  leadOf,
  displayName: staffId,
});

const A = account('A');
const B = account('B');
const cardDoctor = staff('doc-card', ['doctor'], [CARD]);
const cardLead = staff('lead-card', ['doctor'], [CARD], [CARD]);
const endoDoctor = staff('doc-endo', ['doctor'], [ENDO]);
const cardNurse = staff('nurse-card', ['nurse'], [CARD]);
const cardService = staff('service-card', ['service'], [CARD]);
const cm = staff('cm', ['case_manager'], []);
const marketing = staff('mkt', ['marketing'], [CARD]);
const admin = staff('admin', ['admin']);

describe('access rules', () => {
  const appointment = { accountId: 'A', departmentId: CARD };

  it.each<[string, Parameters<typeof decide>[0], Parameters<typeof decide<'appointment'>>[2], AccessOutcome]>([
    ['its patient reads', A, 'read', 'allow'],
    ['its patient cancels', A, 'cancel', 'allow'],
    ['its patient pays', A, 'pay', 'allow'],
    ['its patient may not check itself in', A, 'check_in', 'denied'],
    ['another patient does not know it', B, 'read', 'hidden'],
    ['a doctor of the department reads', cardDoctor, 'read', 'allow'],
    ['a doctor of the department completes', cardDoctor, 'complete', 'allow'],
    ['the service desk of the department checks in', cardService, 'check_in', 'allow'],
    ['the service desk may see but not complete a visit', cardService, 'complete', 'denied'],
    ['staff do not pay for patients', cardNurse, 'pay', 'denied'],
    ['a doctor of another department does not know it', endoDoctor, 'read', 'hidden'],
    ['marketing never sees appointments one by one', marketing, 'read', 'hidden'],
    ['an admin reads any', admin, 'read', 'allow'],
  ])('appointment: %s', (_, who, action, outcome) => {
    expect(decide(who, 'appointment', action, appointment)).toBe(outcome);
  });

  const pool: ResourceFacts['consultation'] = { accountId: 'A', departmentId: CARD, assigneeStaffId: null };
  const assignedToCm: ResourceFacts['consultation'] = { accountId: 'A', departmentId: CARD, assigneeStaffId: 'cm' };
  const assignedToDoctor: ResourceFacts['consultation'] = { accountId: 'A', departmentId: CARD, assigneeStaffId: 'doc-card' };

  it.each<[string, Parameters<typeof decide>[0], Parameters<typeof decide<'consultation'>>[2], typeof pool, AccessOutcome]>([
    ['its patient writes', A, 'write', pool, 'allow'],
    ['its patient rates', A, 'rate', pool, 'allow'],
    ['its patient does not transfer', A, 'transfer', pool, 'denied'],
    ['another patient does not know it', B, 'read', pool, 'hidden'],
    ['a doctor of the department reads the pool', cardDoctor, 'read', pool, 'allow'],
    ['a doctor of the department claims from the pool', cardDoctor, 'claim', pool, 'allow'],
    ['a doctor of the department transfers from the pool', cardDoctor, 'transfer', pool, 'allow'],
    ['a colleague may not transfer what another doctor holds', staff('doc-card-2', ['doctor'], [CARD]), 'transfer', assignedToDoctor, 'denied'],
    ['the lead transfers what another doctor holds', cardLead, 'transfer', assignedToDoctor, 'allow'],
    ['the assignee transfers', cardDoctor, 'transfer', assignedToDoctor, 'allow'],
    ['a case manager of no department reads what is assigned to them', cm, 'read', assignedToCm, 'allow'],
    ['…but may not claim in a department not theirs', cm, 'claim', assignedToCm, 'denied'],
    ['a case manager does not know other consultations', cm, 'read', pool, 'hidden'],
    ['a doctor of another department does not know it', endoDoctor, 'read', pool, 'hidden'],
    ['service staff never read chats', cardService, 'read', pool, 'hidden'],
    ['marketing never reads chats', marketing, 'read', pool, 'hidden'],
    ['staff do not rate', cardDoctor, 'rate', pool, 'denied'],
    ['an admin reads any', admin, 'read', pool, 'allow'],
  ])('consultation: %s', (_, who, action, facts, outcome) => {
    expect(decide(who, 'consultation', action, facts)).toBe(outcome);
  });

  it.each<[string, Parameters<typeof decide>[0], Parameters<typeof decide<'department'>>[2], AccessOutcome]>([
    ['its doctor manages its schedule', cardDoctor, 'manage_schedule', 'allow'],
    ['another department’s doctor may not', endoDoctor, 'manage_schedule', 'denied'],
    ['marketing may not, even in the department', marketing, 'manage_schedule', 'denied'],
    ['its service desk lists its day', cardService, 'list_appointments', 'allow'],
    ['its nurse opens its consultation inbox', cardNurse, 'consult_inbox', 'allow'],
    ['its service desk has no consultation inbox', cardService, 'consult_inbox', 'denied'],
    ['its lead leads it', cardLead, 'lead', 'allow'],
    ['a doctor does not lead it', cardDoctor, 'lead', 'denied'],
    ['an admin leads every department', admin, 'lead', 'allow'],
    ['a patient has no staff work', A, 'list_appointments', 'denied'],
  ])('department: %s', (_, who, action, outcome) => {
    expect(decide(who, 'department', action, { departmentId: CARD })).toBe(outcome);
  });

  it('keeps waitlist entries to their account and held messages to reviewers', () => {
    expect(decide(A, 'waitlist_entry', 'accept', { accountId: 'A' })).toBe('allow');
    expect(decide(B, 'waitlist_entry', 'accept', { accountId: 'A' })).toBe('hidden');
    expect(decide(cardDoctor, 'waitlist_entry', 'read', { accountId: 'A' })).toBe('hidden');
    expect(decide(cardService, 'held_messages', 'review', {})).toBe('allow');
    expect(decide(admin, 'held_messages', 'review', {})).toBe('allow');
    expect(decide(cardDoctor, 'held_messages', 'review', {})).toBe('denied');
    expect(decide(A, 'held_messages', 'review', {})).toBe('denied');
  });

  it('shows consultation ratings to service staff and admins, never to patients, doctors or marketing', () => {
    expect(decide(cardService, 'consult_ratings', 'read', {})).toBe('allow');
    expect(decide(admin, 'consult_ratings', 'read', {})).toBe('allow');
    for (const who of [cardDoctor, cardNurse, cm, marketing, A]) expect(decide(who, 'consult_ratings', 'read', {})).toBe('denied');
    // Names: in full for clinical staff (an admin), masked for service staff.
    expect(seesPatientNames(admin)).toBe(true);
    expect(seesPatientNames(cardService)).toBe(false);
  });

  it('lets only the tiers an event is for register, club staff manage it, the desk check in, and a registration its account', () => {
    const goldOnly = { eligibleTiers: ['gold', 'platinum'] as const, tier: 'gold' as const };
    expect(decide(A, 'club_event', 'register', goldOnly)).toBe('allow');
    expect(decide(A, 'club_event', 'register', { ...goldOnly, tier: 'lead' })).toBe('denied');
    expect(decide(A, 'club_event', 'register', { eligibleTiers: [], tier: 'lead' })).toBe('allow');
    expect(decide(A, 'club_event', 'check_in', goldOnly)).toBe('denied');
    const none = { eligibleTiers: [], tier: null };
    expect(decide(marketing, 'club_event', 'manage', none)).toBe('allow');
    expect(decide(cardService, 'club_event', 'manage', none)).toBe('denied');
    expect(decide(cardService, 'club_event', 'check_in', none)).toBe('allow');
    expect(decide(cardDoctor, 'club_event', 'read_registrations', none)).toBe('denied');
    expect(decide(marketing, 'club_event', 'register', none)).toBe('denied');
    expect(decide(A, 'club_registration', 'cancel', { accountId: 'A' })).toBe('allow');
    expect(decide(B, 'club_registration', 'read', { accountId: 'A' })).toBe('hidden');
    expect(decide(admin, 'club_registration', 'read', { accountId: 'A' })).toBe('hidden');
  });
});
