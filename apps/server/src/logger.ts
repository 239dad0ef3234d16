import type { Logger } from '@tandem/sync';
import { LOG_LEVELS, type LogLevel } from './config/config.js';

/**
 * A logger that writes one JSON line per event (`{"time","level","event",...fields}`) to a
 * stream, dropping events below `level`.
 */
export function createJsonLogger(level: LogLevel, out: NodeJS.WritableStream = process.stdout): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const write = (lvl: Exclude<LogLevel, 'silent'>) => (event: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(lvl) < threshold) return;
    out.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, event, ...fields })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
