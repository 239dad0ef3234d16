import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

const clusterOf = (env: Record<string, string>) => {
  const { storage, cluster } = parseConfig(env);
  return { databaseUrl: storage.databaseUrl, databaseSchema: storage.databaseSchema, ...cluster };
};

describe('cluster configuration', () => {
  it('runs a single node on SQLite without Redis by default, with a random node id', () => {
    const a = clusterOf({});
    expect(a).toMatchObject({ databaseUrl: null, redisUrl: null, redisPrefix: 'tandem:', nodeTtlMs: 15_000 });
    expect(a.nodeId).toMatch(/^node-[0-9a-f]{8}$/);
    expect(clusterOf({}).nodeId).not.toBe(a.nodeId);
  });

  it('reads PostgreSQL, Redis and the node settings', () => {
    expect(
      clusterOf({
        DATABASE_URL: 'postgres://u:p@db:5432/tandem',
        DATABASE_SCHEMA: 'tandem_prod',
        REDIS_URL: 'rediss://:secret@cache:6380/2',
        REDIS_PREFIX: 'prod:',
        NODE_ID: 'web-1',
        NODE_TTL: '5s',
      }),
    ).toEqual({
      databaseUrl: 'postgres://u:p@db:5432/tandem',
      databaseSchema: 'tandem_prod',
      redisUrl: 'rediss://:secret@cache:6380/2',
      redisPrefix: 'prod:',
      nodeId: 'web-1',
      nodeTtlMs: 5000,
    });
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/x' }, /postgres:\/\//],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }, /must be a URL/],
    ['DATABASE_SCHEMA', { DATABASE_SCHEMA: 'a-b' }, /letters, digits or underscores/],
    ['REDIS_URL', { DATABASE_URL: 'postgres://db/x', REDIS_URL: 'http://cache' }, /redis:\/\//],
    ['REDIS_URL', { REDIS_URL: 'redis://cache' }, /needs DATABASE_URL/],
    ['REDIS_PREFIX', { REDIS_PREFIX: 'has space' }, /A-Za-z0-9/],
    ['NODE_ID', { NODE_ID: 'x'.repeat(65) }, /1-64 characters/],
    ['NODE_TTL', { NODE_TTL: '10ms' }, /from 300ms to 10m/],
    ['NODE_TTL', { NODE_TTL: '5000' }, /duration/],
  ])('refuses a bad %s, naming it', (variable, env, message) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(message);
  });

  it('never repeats a password from a URL it refuses', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(/^(?!.*hunter2)/s);
  });
});
