import { describe, expect, it } from 'vitest';
import { parseTokenConfig } from '../config/token-config.js';
import { readDocClaims } from './claims.js';
import { createTokenVerifier } from './jwt.js';
import { parseTtl, runTokenCli } from './token-cli.js';

const SECRET = 'cli-secret-0123456789-0123456789-abc';

describe('pnpm token', () => {
  it('prints a token the server accepts, with the asked claims and expiry', async () => {
    const out: string[] = [];
    const code = await runTokenCli(['--doc', 'team-*', '--role', 'read', '--ttl', '1h', '--name', 'Ada'], { AUTH_SECRET: SECRET }, (l) => out.push(l), () => {}, 1000);
    expect(code).toBe(0);
    const claims = readDocClaims(await createTokenVerifier(parseTokenConfig({ AUTH_SECRET: SECRET })).verify(out[0]!, 1000));
    expect(claims).toMatchObject({ doc: 'team-*', role: 'read', exp: 1000 + 3600, name: 'Ada' });
  });

  it('explains what is wrong instead of printing a token', async () => {
    const run = async (args: string[], env: Record<string, string> = { AUTH_SECRET: SECRET }) => {
      const err: string[] = [];
      const code = await runTokenCli(args, env, () => {}, (l) => err.push(l));
      return { code, err: err.join('\n') };
    };
    expect(await run(['--doc', 'a'], {})).toMatchObject({ code: 2, err: expect.stringContaining('AUTH_SECRET') });
    expect(await run([])).toMatchObject({ code: 2, err: expect.stringContaining('--doc') });
    expect(await run(['--doc', 'a', '--role', 'admin'])).toMatchObject({ code: 2, err: expect.stringContaining('--role') });
    expect(await run(['--doc', 'a', '--ttl', 'soon'])).toMatchObject({ code: 2, err: expect.stringContaining('--ttl') });
    expect(await run(['--doc', 'a', '--bogus'])).toMatchObject({ code: 2 });
    expect(await run(['--doc', 'a', '--ttl', '2d'])).toMatchObject({ code: 2, err: expect.stringContaining('MAX_TOKEN_TTL (24h)') });
    expect(await run(['--doc', 'a', '--ttl', '2d'], { AUTH_SECRET: SECRET, MAX_TOKEN_TTL: '7d' })).toMatchObject({ code: 0 });
    expect(await run(['--doc', 'a', '--role', 'comment'])).toMatchObject({ code: 0 });
    expect([parseTtl('90s'), parseTtl('15m'), parseTtl('7d'), parseTtl('0h'), parseTtl('1y')]).toEqual([90, 900, 604800, null, null]);
  });
});
