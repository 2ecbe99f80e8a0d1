import { AppointmentsService } from '../modules/appointments/appointments.service.js';
import type { TestServer } from './server.js';

/**
 * Runs `body` with the server drawing these check-in numbers first, in order (then at random again), so a test can
 * make two bookings draw the same number; the usual draw comes back afterwards even when `body` throws.
 */
export async function withCheckInNumbers<T>(server: TestServer, numbers: string[], body: () => Promise<T>): Promise<T> {
  const service = server.app.get(AppointmentsService);
  const usual = service.drawCheckInNumber;
  const queue = [...numbers];
  service.drawCheckInNumber = () => queue.shift() ?? usual();
  try {
    return await body();
  } finally {
    service.drawCheckInNumber = usual;
  }
}
