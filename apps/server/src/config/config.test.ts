import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ConfigError, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('has defaults for everything', () => {
    expect(parseConfig({})).toMatchObject({
      port: 1234,
      host: '0.0.0.0',
      storage: { dataDir: resolve('./data'), databaseUrl: null, databaseSchema: null, sqliteSynchronous: 'full', sqliteWriter: 'auto' },
      warnings: [],
      logLevel: 'info',
      trashRetentionMs: 30 * 86_400_000,
      versionSettleMs: 30_000,
      versionIntervalMs: 300_000,
    });
  });

  it('reads valid values', () => {
    expect(
      parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/tmp/x', LOG_LEVEL: 'DEBUG', TRASH_RETENTION: '2h', VERSION_SETTLE: '500ms' }),
    ).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      storage: { dataDir: '/tmp/x' },
      logLevel: 'debug',
      trashRetentionMs: 7_200_000,
      versionSettleMs: 500,
    });
  });

  it.each([
    ['PORT', 'abc', /PORT: must be a whole number from 0 to 65535/],
    ['PORT', '70000', /PORT: must be a whole number from 0 to 65535/],
    ['PORT', '-1', /PORT/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of debug, info, warn, error, silent/],
    ['HOST', 'no spaces', /HOST: must be a host name or IP address/],
    ['TRASH_RETENTION', '30 days', /TRASH_RETENTION: must be a duration like 500ms, 30s, 5m, 12h or 30d/],
    ['VERSION_INTERVAL', '-5m', /VERSION_INTERVAL: must be a duration/],
  ])('refuses %s=%s naming the variable', (name, value, message) => {
    let error: unknown;
    try {
      parseConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
  });
});
