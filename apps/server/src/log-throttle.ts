import type { Logger } from '@tandem/sync';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Options of the log throttle. */
export interface LogThrottleOptions {
  /** Events to throttle (the others pass through untouched). */
  events: readonly string[];
  /** Length of a window; the first line of an event in a window is written at once (default 10 s). */
  windowMs?: number;
  /** Clock and timers (injected by tests). */
  setTimer?: (fn: () => void, ms: number) => { unref?(): void };
}

/**
 * A logger that writes a repeated event once per window: the first occurrence at once, then,
 * when the window closes, one line `{ ..., repeated: N, windowMs }` with the count of the others
 * and the fields of the last. So an unreachable Redis retrying every 300 ms, or an attacker
 * hammering the upgrade with bad tokens, costs a line per window instead of a line per attempt.
 * Keyed by level, event and the `reason` field (different reasons stay distinct).
 */
export function throttleLogger(logger: Logger, options: LogThrottleOptions): Logger {
  const windowMs = options.windowMs ?? 10_000;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const throttled = new Set(options.events);
  const windows = new Map<string, { count: number; last: Record<string, unknown> | undefined }>();
  const wrap = (level: Level) => (event: string, fields?: Record<string, unknown>) => {
    if (!throttled.has(event)) return logger[level](event, fields);
    const key = `${level}\u0000${event}\u0000${String(fields?.reason ?? '')}`;
    const open = windows.get(key);
    if (open) {
      open.count++;
      open.last = fields;
      return;
    }
    logger[level](event, fields);
    windows.set(key, { count: 0, last: fields });
    setTimer(() => {
      const w = windows.get(key);
      windows.delete(key);
      if (w && w.count > 0) logger[level](event, { ...w.last, repeated: w.count, windowMs });
    }, windowMs).unref?.();
  };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

/** The events the server throttles: ones a broken dependency or a hostile client can repeat without end. */
export const THROTTLED_EVENTS = [
  'upgrade.refused',
  'cluster.redis_error',
  'cluster.publish_failed',
  'cluster.check_failed',
  'session.awareness_refused',
  'session.bad_frame',
  'session.refused',
  'session.slow_reader',
  'http.refused',
] as const;
