/**
 * @tandem/sync: the framework-free sync core. A host adapts each WebSocket to a Connection and
 * calls `server.connect()`; the core handles the y-websocket protocol, durability and presence.
 */
export { createSyncServer, SyncServer, type ConnectOptions, type SyncStats } from './sync-server.js';
export { Session } from './session.js';
export { Room, type RoomState } from './room.js';
export type { RoomMember } from './room-member.js';
export type { ClusterPort } from './cluster-port.js';
export type { Connection } from './connection.js';
export { SyncError } from './errors.js';
export { type Logger, silentLogger } from './logger.js';
export type { SyncServerOptions, ResolvedSyncOptions } from './options.js';
export type {
  SyncHooks,
  BeforeConnectPayload,
  ConnectDecision,
  LoadPayload,
  ChangePayload,
  DisconnectPayload,
  AwarenessPayload,
  UnloadPayload,
  EvictPayload,
} from './hooks.js';
export { AwarenessRelay, type AwarenessResult } from './awareness-relay.js';
export { composeHooks } from './compose-hooks.js';
export { ClockWatermark } from './clock-watermark.js';
export { AwarenessFanOut } from './awareness-fan-out.js';
