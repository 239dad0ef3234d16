import { DecodeError } from './errors.js';
import { AuthMessageType, MessageType } from './messages.js';
import { ByteReader } from './reader.js';
import { buildFrame, encoding } from './writer.js';

/** Roles on a document, least to most: each includes what the ones before it allow. */
export const ROLES = ['viewer', 'commenter', 'editor', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` allows at least what `needed` allows. */
export function roleAtLeast(role: Role | null | undefined, needed: Role): boolean {
  return role !== null && role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The better of two roles (null is no access). */
export function higherRole(a: Role | null, b: Role | null): Role | null {
  if (a === null) return b;
  if (b === null) return a;
  return ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b;
}

/** True for one of ROLES. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What the access frame tells a client: its role on the document and who it is signed in as. */
export interface AccessInfo {
  role: Role;
  user: { id: string; name: string } | null;
  /** The largest frame the server accepts (optional), so a client can split what it sends below it. */
  maxFrameBytes?: number;
  /** The most bytes per second the server takes from one connection (optional), to pace by. */
  maxBytesPerSecond?: number;
}

const LIMITS = ['maxFrameBytes', 'maxBytesPerSecond'] as const;

/**
 * The access frame (server -> client, right after the socket opens, before sync step 1): a
 * y-protocols auth message of sub-type 1 carrying JSON. Stock y-websocket clients ignore it.
 */
export function writeAccess(access: AccessInfo): Uint8Array {
  return buildFrame((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, AuthMessageType.access);
    const json: AccessInfo = { role: access.role, user: access.user };
    for (const key of LIMITS) if (access[key] !== undefined) json[key] = access[key];
    encoding.writeVarString(e, JSON.stringify(json));
  });
}

/** Reads an access frame; null when `frame` is another message. Throws DecodeError when malformed. */
export function readAccess(frame: Uint8Array): AccessInfo | null {
  const r = new ByteReader(frame);
  if (frame.length === 0 || r.readVarUint() !== MessageType.auth || r.readVarUint() !== AuthMessageType.access) return null;
  let value: unknown;
  try {
    value = JSON.parse(r.readVarString());
  } catch {
    throw new DecodeError('invalid-json');
  }
  const { role, user, ...rest } = (value ?? {}) as { role?: unknown; user?: unknown } & Record<string, unknown>;
  if (!isRole(role)) throw new DecodeError('invalid-json');
  const u = user as { id?: unknown; name?: unknown } | null;
  if (u !== null && (typeof u !== 'object' || typeof u.id !== 'string' || typeof u.name !== 'string')) {
    throw new DecodeError('invalid-json');
  }
  const access: AccessInfo = { role, user: u ? { id: u.id as string, name: u.name as string } : null };
  for (const key of LIMITS) {
    const n = rest[key];
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) access[key] = n;
  }
  return access;
}
