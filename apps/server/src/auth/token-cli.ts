import { parseArgs } from 'node:util';
import { ConfigError, readDuration } from '../config/env-readers.js';
import { TOKEN_ROLES } from './claims.js';
import { signJwt } from './jwt.js';

const USAGE = 'usage: pnpm token --doc ID|PREFIX* --role read|comment|write [--ttl 1h] [--sub ID] [--name NAME]';

/** Reads a duration like `90s`, `15m`, `1h` or `7d` as seconds; null when it is not one. */
export function parseTtl(text: string): number | null {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (!match) return null;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 ? seconds : null;
}

/**
 * The `pnpm token` command: prints a document token signed with AUTH_SECRET (HS256, via jose).
 * Resolves with the exit code; writes the token (or the reason there is none) to `out` / `err`.
 */
export async function runTokenCli(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        doc: { type: 'string' },
        role: { type: 'string', default: 'write' },
        ttl: { type: 'string', default: '1h' },
        sub: { type: 'string', default: 'cli' },
        name: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const secret = env.AUTH_SECRET;
  if (!secret) {
    err('AUTH_SECRET must be set to the secret the server uses');
    return 2;
  }
  if (!values.doc) {
    err(`--doc is required\n${USAGE}`);
    return 2;
  }
  if (!Object.hasOwn(TOKEN_ROLES, values.role)) {
    err(`--role must be read, comment or write\n${USAGE}`);
    return 2;
  }
  const ttl = parseTtl(values.ttl);
  if (ttl === null) {
    err(`--ttl must be a duration like 90s, 15m, 1h or 7d\n${USAGE}`);
    return 2;
  }
  let maxTtlSeconds: number;
  try {
    maxTtlSeconds = readDuration(env, 'MAX_TOKEN_TTL', '24h') / 1000;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(e.message);
    return 2;
  }
  if (ttl > maxTtlSeconds) {
    err(`--ttl ${values.ttl} is longer than MAX_TOKEN_TTL (${env.MAX_TOKEN_TTL?.trim() || '24h'}): the server would refuse the token`);
    return 2;
  }
  const claims: Record<string, unknown> = { doc: values.doc, role: values.role, sub: values.sub, iat: nowSeconds, exp: nowSeconds + ttl };
  if (values.name) claims.name = values.name;
  out(await signJwt(claims, secret));
  return 0;
}
