import { describe, expect, it } from 'vitest';
import type { Logger } from '@tandem/sync';
import { throttleLogger } from './log-throttle.js';

function recorder() {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (event: string, fields?: Record<string, unknown>) => lines.push({ level, event, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

describe('throttleLogger', () => {
  it('writes the first of a repeated event at once and one line with the count when the window closes', () => {
    const { lines, logger } = recorder();
    const timers: (() => void)[] = [];
    const log = throttleLogger(logger, { events: ['upgrade.refused'], windowMs: 1000, setTimer: (fn) => (timers.push(fn), {}) });
    for (let i = 0; i < 42; i++) log.warn('upgrade.refused', { reason: 'bad token', ip: `10.0.0.${i}` });
    log.warn('upgrade.refused', { reason: 'origin' });
    log.info('server.listening', { port: 1 });
    expect(lines).toEqual([
      { level: 'warn', event: 'upgrade.refused', fields: { reason: 'bad token', ip: '10.0.0.0' } },
      { level: 'warn', event: 'upgrade.refused', fields: { reason: 'origin' } },
      { level: 'info', event: 'server.listening', fields: { port: 1 } },
    ]);
    for (const t of timers.splice(0)) t();
    expect(lines.slice(3)).toEqual([{ level: 'warn', event: 'upgrade.refused', fields: { reason: 'bad token', ip: '10.0.0.41', repeated: 41, windowMs: 1000 } }]);
    // a new window starts with a line of its own again
    log.warn('upgrade.refused', { reason: 'bad token' });
    expect(lines).toHaveLength(5);
    for (const t of timers.splice(0)) t();
    expect(lines).toHaveLength(5); // nothing repeated: no count line
  });
});
