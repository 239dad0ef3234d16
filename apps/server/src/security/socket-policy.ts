import { type AccessControl, createAccessControl } from '../auth/access.js';
import type { SecurityConfig } from '../config/security-config.js';
import { ConnectionLimits } from './connection-limits.js';
import { RateLimiter } from './rate-limiter.js';

/** Everything the sync endpoint checks before and during a connection, built once from config. */
export interface SocketPolicy {
  access: AccessControl;
  connections: ConnectionLimits;
  allowedOrigins: readonly string[] | '*';
  /** Host names the server answers to (see isHostAllowed). */
  allowedHosts: readonly string[] | '*';
  trustProxy: readonly string[];
  /** The per-connection message and byte budget (one limiter; each connection has its own window). */
  rateLimiter: RateLimiter;
  /** Told to clients in the access frame so they split and pace what they send below them. */
  maxFrameBytes: number;
  maxBytesPerSecond: number;
}

/** Builds the socket policy from the security configuration. */
export function createSocketPolicy(config: SecurityConfig): SocketPolicy {
  return {
    access: createAccessControl({ tokens: config.tokens, adminToken: config.adminToken }),
    connections: new ConnectionLimits(config.maxConnections, config.maxConnectionsPerIp),
    allowedOrigins: config.allowedOrigins,
    allowedHosts: config.allowedHosts,
    trustProxy: config.trustProxy,
    rateLimiter: new RateLimiter(config.maxMessagesPerSecond, config.maxBytesPerSecond),
    maxFrameBytes: config.maxFrameBytes,
    maxBytesPerSecond: config.maxBytesPerSecond,
  };
}
