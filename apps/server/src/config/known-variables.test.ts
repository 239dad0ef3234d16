import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import { type Env } from './env-readers.js';
import { DEPRECATED_VARIABLES, KNOWN_VARIABLES } from './known-variables.js';
import { checkEmptyValues, nearestVariable, unknownVariableWarnings } from './unknown-variables.js';

/** The variables the README's configuration table documents (first column, split on commas). */
function readmeVariables(): string[] {
  const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
  return [...section.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((v) => v[1]!));
}

/** Every name parseConfig reads from an environment that turns every optional group on. */
function namesRead(): Set<string> {
  const seen = new Set<string>();
  const full: Env = {
    DATABASE_URL: 'postgres://db.example/x',
    REDIS_URL: 'redis://cache.example',
    S3_BUCKET: 'bucket-name',
    OIDC_ISSUER: 'https://id.example.com',
    OIDC_CLIENT_ID: 'tandem',
    SMTP_URL: 'smtp://mail.example.com:587',
    AUTH_SECRET: 'x'.repeat(40),
  };
  const env = new Proxy(full, {
    get: (target, name) => {
      if (typeof name === 'string') seen.add(name);
      return target[name as string];
    },
  });
  parseConfig(env);
  return seen;
}

describe('the known variables', () => {
  it('are exactly the ones the README documents', () => {
    expect([...new Set(readmeVariables())].sort()).toEqual([...KNOWN_VARIABLES].sort());
  });

  it('include every name parseConfig reads', () => {
    const known = new Set([...KNOWN_VARIABLES, ...DEPRECATED_VARIABLES]);
    expect([...namesRead()].filter((name) => /^[A-Z0-9_]+$/.test(name) && !known.has(name))).toEqual([]);
  });
});

describe('empty values', () => {
  it('are refused for every known variable, naming it; unset and other variables are fine', () => {
    for (const name of KNOWN_VARIABLES) expect(() => checkEmptyValues({ [name]: ' ' })).toThrow(`${name}: is set but empty`);
    expect(() => checkEmptyValues({ PORT: undefined, SOMETHING_ELSE: '' })).not.toThrow();
    expect(() => parseConfig({ PORT: '' })).toThrow('PORT: is set but empty');
  });
});

describe('misspelt variables', () => {
  it('get the nearest known name', () => {
    expect(nearestVariable('AUTH_SECERT')).toBe('AUTH_SECRET');
    expect(nearestVariable('DATABASE_ULR')).toBe('DATABASE_URL');
    expect(nearestVariable('port')).toBe('PORT');
    expect(nearestVariable('AUTH_WHATEVER_ELSE')).toBeNull();
  });

  it('warn for our prefixes and near misses only, never for the rest of the environment', () => {
    expect(
      unknownVariableWarnings({
        AUTH_SECERT: 'x',
        SMTP_HOST: 'mail',
        DATADIR: '/x',
        PATH: '/bin',
        HOME: '/root',
        HOSTNAME: 'box',
        NODE_OPTIONS: '',
        AWS_REGION: 'eu-west-1',
        PORT: '1',
        PING_INTERVAL_MS: '1000',
        TANDEM_SERVER: 'http://127.0.0.1:1234',
        TANDEM_SECRET: 'x',
      }),
    ).toEqual([
      'AUTH_SECERT is not a Tandem variable and is ignored: did you mean AUTH_SECRET?',
      'DATADIR is not a Tandem variable and is ignored: did you mean DATA_DIR?',
      'SMTP_HOST is not a Tandem variable and is ignored (see the README configuration table)',
      'TANDEM_SECRET is not a Tandem variable and is ignored (see the README configuration table)',
    ]);
    expect(parseConfig({ AUTH_SECERT: 'x' }).warnings).toContain('AUTH_SECERT is not a Tandem variable and is ignored: did you mean AUTH_SECRET?');
  });
});
