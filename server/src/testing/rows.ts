import type { EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { Job } from '../common/jobs/job.entity.js';
import { Appointment } from '../modules/appointments/appointment.entity.js';
import { AuditLog } from '../common/audit/audit-log.entity.js';
import { Consent } from '../modules/consents/consent.entity.js';
import { ConsultMessage } from '../modules/consultations/consult-message.entity.js';
import { Consultation } from '../modules/consultations/consultation.entity.js';
import { MessageDelivery } from '../modules/messaging/message-delivery.entity.js';
import { Notification } from '../modules/messaging/notification.entity.js';
import { SubscriptionGrant } from '../modules/messaging/subscription-grant.entity.js';
import { Patient } from '../modules/patients/patient.entity.js';
import { WechatAccount } from '../modules/patients/wechat-account.entity.js';
import { PaymentEvent } from '../modules/payments/payment-event.entity.js';
import { PaymentRefund } from '../modules/payments/payment-refund.entity.js';
import { Payment } from '../modules/payments/payment.entity.js';
import { ClinicSession } from '../modules/scheduling/clinic-session.entity.js';
import { Slot } from '../modules/scheduling/slot.entity.js';
import { StaffMember } from '../modules/staff/staff-member.entity.js';
import { dataSourceOf, type TestServer } from './server.js';

/**
 * Read-only access to one table for assertions: rows come back as plain typed values, matched by column equality.
 * Tests read what the server wrote through these, never through entity classes or repositories (which are the
 * server's to change).
 */
export interface RowQuery<Row> {
  /** The rows whose columns equal `where` (all rows when it is empty), in `order`. */
  find(server: TestServer, where?: Partial<Row>, options?: { order?: { [K in keyof Row]?: 'ASC' | 'DESC' }; withDeleted?: boolean }): Promise<Row[]>;
  /** The one row matching `where`; throws when there is none. */
  one(server: TestServer, where: Partial<Row>, options?: { withDeleted?: boolean }): Promise<Row>;
  count(server: TestServer, where?: Partial<Row>, options?: { withDeleted?: boolean }): Promise<number>;
}

/**
 * `{ patientId: undefined }` would match every row (TypeORM drops undefined conditions): a count that cannot fail.
 * Refuse it instead.
 */
function checked<E extends ObjectLiteral>(table: string, where: Partial<E> = {}): FindOptionsWhere<E> {
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) throw new Error(`${table}: the condition on "${key}" is undefined (it would match every row)`);
  }
  return where as FindOptionsWhere<E>;
}

function rowsOf<E extends ObjectLiteral>(entity: EntityTarget<E>): RowQuery<Readonly<E>> {
  const repo = (server: TestServer) => dataSourceOf(server).getRepository(entity);
  return {
    find: (server, where, options = {}) => {
      const r = repo(server);
      return r.find({ where: checked<E>(r.metadata.tableName, where), order: options.order as FindOptionsOrder<E>, withDeleted: options.withDeleted });
    },
    one: async (server, where, options = {}) => {
      const r = repo(server);
      const row = await r.findOne({ where: checked<E>(r.metadata.tableName, where), withDeleted: options.withDeleted });
      if (!row) throw new Error(`${r.metadata.tableName}: no row matches ${JSON.stringify(where)}`);
      return row;
    },
    count: (server, where, options = {}) => {
      const r = repo(server);
      return r.count({ where: checked<E>(r.metadata.tableName, where), withDeleted: options.withDeleted });
    },
  };
}

export type AppointmentRow = Readonly<Appointment>;
export type AuditRow = Readonly<AuditLog>;
export type ConsentRow = Readonly<Consent>;
export type ConsultationRow = Readonly<Consultation>;
export type ConsultMessageRow = Readonly<ConsultMessage>;
export type DeliveryRow = Readonly<MessageDelivery>;
export type NotificationRow = Readonly<Notification>;
export type GrantRow = Readonly<SubscriptionGrant>;
export type JobRow = Readonly<Job>;
export type PatientRow = Readonly<Patient>;
export type PaymentEventRow = Readonly<PaymentEvent>;
export type PaymentRow = Readonly<Payment>;
export type RefundRow = Readonly<PaymentRefund>;
export type SessionRow = Readonly<ClinicSession>;
export type SlotRow = Readonly<Slot>;
export type StaffRow = Readonly<StaffMember>;
export type WechatAccountRow = Readonly<WechatAccount>;

export const appointmentRows = rowsOf(Appointment);
export const auditRows = rowsOf(AuditLog);
export const consentRows = rowsOf(Consent);
export const consultationRows = rowsOf(Consultation);
export const consultMessageRows = rowsOf(ConsultMessage);
/** message_deliveries: every message the one outbound path queued, with its outcome. */
export const deliveryRows = rowsOf(MessageDelivery);
export const notificationRows = rowsOf(Notification);
export const grantRows = rowsOf(SubscriptionGrant);
export const jobRows = rowsOf(Job);
export const patientRows = rowsOf(Patient);
export const paymentEventRows = rowsOf(PaymentEvent);
export const paymentRows = rowsOf(Payment);
export const refundRows = rowsOf(PaymentRefund);
export const sessionRows = rowsOf(ClinicSession);
export const slotRows = rowsOf(Slot);
export const staffRows = rowsOf(StaffMember);
export const wechatAccountRows = rowsOf(WechatAccount);
