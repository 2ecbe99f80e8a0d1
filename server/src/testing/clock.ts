import { Clock } from '../integrations/clock.js';
import type { TestServer } from './server.js';

/**
 * Runs `body` with the server's injected clock moved `ms` ahead (negative: back), and puts it back afterwards
 * even when `body` throws. The simulator and the database keep real time.
 */
export async function withClockAdvanced<T>(server: TestServer, ms: number, body: () => Promise<T>): Promise<T> {
  const clock = server.app.get(Clock);
  clock.advance(ms);
  try {
    return await body();
  } finally {
    clock.advance(-ms);
  }
}

/** Runs `body` with the server's clock showing `when`, then puts it back. */
export function withClockAt<T>(server: TestServer, when: Date, body: () => Promise<T>): Promise<T> {
  return withClockAdvanced(server, when.getTime() - server.app.get(Clock).now().getTime(), body);
}
