import { DecodeError } from './errors.js';
import { AuthMessageType, MessageType } from './messages.js';
import { ByteReader } from './reader.js';
import { buildFrame, encoding } from './writer.js';

/** What a connection may do with its document, lowest first. */
export const ROLES = ['viewer', 'commenter', 'editor', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user a connection belongs to, as the server knows them. */
export interface AccessUser {
  id: string;
  name: string;
}

/**
 * The access frame's content: the role the server gives this connection and who it belongs to
 * (null for a token without a subject or an open server). `maxFrameBytes`, when present, is the
 * largest frame the server accepts, so a client can split what it sends below it.
 */
export interface Access {
  role: Role;
  user: AccessUser | null;
  maxFrameBytes?: number;
  /** When present, the most bytes per second the server takes from one connection. */
  maxBytesPerSecond?: number;
}

/** True when `role` may change the document's content (editor or owner). */
export function canWrite(role: Role): boolean {
  return role === 'editor' || role === 'owner';
}

/**
 * Frame telling the client its access, sent by the server right after the socket opens (before
 * sync step 1): `2` `1` `varString(JSON)`. Stock y-websocket clients ignore it.
 */
export function writeAccess(access: Access): Uint8Array {
  return buildFrame((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, AuthMessageType.access);
    encoding.writeVarString(e, JSON.stringify(access));
  });
}

/** Checks the JSON of an access frame; throws DecodeError('invalid-json') when it is not one. */
export function parseAccess(json: string): Access {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new DecodeError('invalid-json', 'access frame');
  }
  const v = value as Partial<Access> | null;
  if (!v || typeof v !== 'object' || !ROLES.includes(v.role as Role)) throw new DecodeError('invalid-json', 'access role');
  const u = v.user as Partial<AccessUser> | null | undefined;
  if (u !== null && u !== undefined && (typeof u !== 'object' || typeof u.id !== 'string' || typeof u.name !== 'string')) {
    throw new DecodeError('invalid-json', 'access user');
  }
  const access: Access = { role: v.role as Role, user: u ? { id: u.id!, name: u.name! } : null };
  for (const key of ['maxFrameBytes', 'maxBytesPerSecond'] as const) {
    const n = v[key];
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) access[key] = n;
  }
  return access;
}

/**
 * Reads an access frame; returns null for any other frame (so a client can test every incoming
 * frame with it). Throws DecodeError when the frame is an access frame with bad JSON.
 */
export function readAccess(frame: Uint8Array): Access | null {
  if (frame.length < 2 || frame[0] !== MessageType.auth || frame[1] !== AuthMessageType.access) return null;
  const r = new ByteReader(frame);
  r.readVarUint();
  r.readVarUint();
  const json = r.readVarString();
  r.expectEnd();
  return parseAccess(json);
}
