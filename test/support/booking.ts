import type { AppointmentView, AppointmentWithPayment } from '@yiban/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { simControl } from './api-client.js';
import type { Stack } from './stack.js';

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
