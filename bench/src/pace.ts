import { sleep } from './client.js';

/**
 * Calls `fire(n)` `rate` times per second in total for `ms`, with n counting from 0; catches up
 * in bursts when the event loop was late, so the offered rate holds. Resolves when the time is up.
 */
export async function paced(rate: number, ms: number, fire: (n: number) => void): Promise<number> {
  const start = performance.now();
  let sent = 0;
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= ms) return sent;
    const due = Math.floor((elapsed / 1000) * rate);
    while (sent < due) fire(sent++);
    await sleep(2);
  }
}
