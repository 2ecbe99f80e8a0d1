import { Clock, JobRegistry, JobWorker, Transactions } from '@yiban/server';
import type { AppointmentView, AppointmentWithPayment } from '@yiban/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { Doctor } from '../../server/src/modules/catalog/doctor.entity.js';
import { ClinicSession } from '../../server/src/modules/scheduling/clinic-session.entity.js';
import { Slot } from '../../server/src/modules/scheduling/slot.entity.js';
import { acceptRequiredConsents, patientLogin } from './actors.js';
import { simControl } from './api-client.js';
import type { Stack } from './stack.js';

/** A patient signed in through the simulator (a real WeChat Pay payer) with the required consents given. */
export async function payingPatient(stack: Stack, name = '王小明'): Promise<{ token: string; openid: string; patientId: string }> {
  const login = await patientLogin(stack);
  await acceptRequiredConsents(stack, login.token);
  const named = await stack.api.patch(`/me/patients/${login.patient.id}`, { name }, { token: login.token });
  if (named.status !== 200) throw new Error(`naming the profile failed: ${named.status} ${JSON.stringify(named.body)}`);
  return { token: login.token, openid: login.openid, patientId: login.patient.id };
}

let days = 0;
/** A session with one slot of a demo doctor (default Dr Zhang, Cardiology), `daysAhead` days from now at 09:00 Beijing time. */
export async function makeSlot(
  stack: Stack,
  options: { capacity?: number; fee?: number; daysAhead?: number; doctor?: string; startsAt?: Date } = {},
): Promise<Slot> {
  const doctor = await stack.dataSource.getRepository(Doctor).findOneByOrFail({ name: options.doctor ?? '张伟' });
  return stack.app.get(Transactions).run(async (m) => {
    const startsAt =
      options.startsAt ?? new Date(`${new Date(Date.now() + (options.daysAhead ?? 10 + ++days) * 86_400_000).toISOString().slice(0, 10)}T01:00:00Z`);
    const date = new Date(startsAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const period = ['morning', 'afternoon', 'evening'][++days % 3] as 'morning';
    const session = m.getRepository(ClinicSession).create({ doctorId: doctor.id, departmentId: doctor.departmentId, date, period, visitType: 'expert' });
    await m.insert(ClinicSession, session);
    const slot = m.getRepository(Slot).create({
      sessionId: session.id,
      doctorId: doctor.id,
      departmentId: doctor.departmentId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1_800_000),
      capacity: options.capacity ?? 5,
      fee: options.fee ?? 5000,
      visitType: 'expert',
    });
    await m.insert(Slot, slot);
    return slot;
  });
}

/** Runs every due job (the durable scheduler's worker, in this process) until none is left. */
export async function runJobs(stack: Stack): Promise<void> {
  const worker = new JobWorker(stack.dataSource, (w) => stack.app.get(Transactions).run(w), stack.app.get(JobRegistry), stack.app.get(Clock), { pollMs: 10 });
  while (await worker.tick()) await worker.drain();
  await worker.drain();
}

export async function book(stack: Stack, token: string, slotId: string): Promise<AppointmentWithPayment> {
  const res = await stack.api.post<AppointmentWithPayment>('/appointments', { slotId }, { token });
  if (res.status !== 201) throw new Error(`hold failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The payer at WeChat's payment sheet, through the simulator (which then notifies the server). */
export async function payAtSimulator(
  stack: Stack,
  openid: string,
  payment: NonNullable<AppointmentWithPayment['payment']>,
  result = 'success',
): Promise<{ ok: boolean; out_trade_no: string }> {
  return simControl(stack.simUrl, 'POST', '/__sim/pay', { openid, prepayId: payment.package.replace('prepay_id=', ''), ...payment, result });
}

/** Polls the appointment until `done` says so (notifications arrive asynchronously). */
export async function waitForAppointment(
  stack: Stack,
  token: string,
  id: string,
  done: (a: AppointmentView) => boolean,
  seconds = 10,
): Promise<AppointmentView> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const res = await stack.api.get<AppointmentView>(`/appointments/${id}`, { token });
    if (done(res.body) || Date.now() > deadline) return res.body;
    await sleep(50);
  }
}
