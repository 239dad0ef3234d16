/** Top-level y-websocket message types (the first varUint of every frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncMessageType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/** Sub-types of an auth message (y-protocols/auth). */
export const AuthMessageType = {
  permissionDenied: 0,
  /** Server -> client, right after the socket opens: the connection's role (see access.ts). */
  access: 1,
} as const;

/** One decoded y-websocket frame. Byte payloads are views into the frame, not copies. */
export type Message =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'auth-denied'; reason: string }
  | { type: 'auth-access'; json: string }
  | { type: 'query-awareness' };
