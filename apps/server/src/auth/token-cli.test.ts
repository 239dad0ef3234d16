import { describe, expect, it } from 'vitest';
import { readDocClaims } from './claims.js';
import { verifyJwt } from './jwt.js';
import { parseTtl, runTokenCli } from './token-cli.js';

const SECRET = 'cli-secret-0123456789-0123456789-abc';

describe('pnpm token', () => {
  it('prints a token the server accepts, with the asked claims and expiry', () => {
    const out: string[] = [];
    const code = runTokenCli(['--doc', 'team-*', '--role', 'read', '--ttl', '1h', '--name', 'Ada'], { AUTH_SECRET: SECRET }, (l) => out.push(l), () => {}, 1000);
    expect(code).toBe(0);
    const claims = readDocClaims(verifyJwt(out[0]!, SECRET, 1000));
    expect(claims).toMatchObject({ doc: 'team-*', role: 'read', exp: 1000 + 3600, name: 'Ada' });
  });

  it('explains what is wrong instead of printing a token', () => {
    const run = (args: string[], env: Record<string, string> = { AUTH_SECRET: SECRET }) => {
      const err: string[] = [];
      const code = runTokenCli(args, env, () => {}, (l) => err.push(l));
      return { code, err: err.join('\n') };
    };
    expect(run(['--doc', 'a'], {})).toMatchObject({ code: 2, err: expect.stringContaining('AUTH_SECRET') });
    expect(run([])).toMatchObject({ code: 2, err: expect.stringContaining('--doc') });
    expect(run(['--doc', 'a', '--role', 'admin'])).toMatchObject({ code: 2, err: expect.stringContaining('--role') });
    expect(run(['--doc', 'a', '--ttl', 'soon'])).toMatchObject({ code: 2, err: expect.stringContaining('--ttl') });
    expect(run(['--doc', 'a', '--bogus'])).toMatchObject({ code: 2 });
    expect([parseTtl('90s'), parseTtl('15m'), parseTtl('7d'), parseTtl('0h'), parseTtl('1y')]).toEqual([90, 900, 604800, null, null]);
  });
});
