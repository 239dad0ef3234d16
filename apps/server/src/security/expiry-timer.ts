/** setTimeout's longest delay; longer waits are done in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Calls `onExpire` once the wall clock reaches `expiresAtMs` (immediately when it already has).
 * Returns a function that cancels it.
 */
export function onExpiry(expiresAtMs: number, onExpire: () => void, now: () => number = Date.now): () => void {
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    const left = expiresAtMs - now();
    if (left <= 0) {
      timer = null;
      onExpire();
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_DELAY));
    timer.unref();
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
