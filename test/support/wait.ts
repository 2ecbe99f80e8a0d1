/** Polls until `done` (cross-instance messages arrive in milliseconds; never more than two seconds). */
export async function waitFor(done: () => Promise<boolean>, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await done()) return;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
