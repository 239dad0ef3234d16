import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB, 2 passes, 1 lane
 * (about 0.1 s on one core of a small server).
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Shortest and longest password accepted. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Hashes a password for storage (argon2id, PHC string with its own salt). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let decoy: Promise<string> | null = null;

/**
 * True when `password` matches `stored`. When there is no stored hash (no such person, or one who
 * only signs in externally) a decoy hash is checked instead, so the answer takes as long either
 * way and the timing does not tell which emails have accounts; argon2's own comparison is
 * constant-time.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const target = stored ?? (await (decoy ??= hashPassword(randomBytes(16).toString('hex'))));
  let ok = false;
  try {
    ok = await verify(target, password);
  } catch {
    ok = false; // a malformed stored hash matches nothing
  }
  return stored !== null && ok;
}

/** Why a new password is not accepted, or null when it is. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'password is required';
  if (password.length < PASSWORD_MIN) return `password must have at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `password must have at most ${PASSWORD_MAX} characters`;
  return null;
}
