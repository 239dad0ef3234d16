/** @tandem/server: start a Tandem server from code (tests, embedding hosts) or via `main.ts`. */
export { startServer, type RunningServer, type StartOptions } from './server.js';
export { createTandem, type Tandem, type TandemOptions } from './tandem.js';
export { parseConfig, ConfigError, type ServerConfig, type ClusterConfig, type LogLevel, LOG_LEVELS } from './config/config.js';
export { type StorageConfig } from './config/storage-config.js';
export { checkConfig, runCheckConfig, loadConfig, type ConfigCheck } from './config/check-config.js';
export { createApp, type AppDeps } from './app.js';
export { createJsonLogger } from './logger.js';
export { signJwt, createTokenVerifier, TokenError, type TokenErrorCode, type TokenVerifier } from './auth/jwt.js';
export { type DocClaims, type TokenRole, TOKEN_ROLES, coversDoc, readDocClaims } from './auth/claims.js';
export { parseTokenConfig, type TokenConfig } from './config/token-config.js';
export { parseOidcConfig, type OidcConfig } from './config/oidc-config.js';
export { createOidcClient, OidcError, safeReturnPath, type OidcClient, type OidcIdentity } from './oidc/oidc-client.js';
export { PendingSignInSeal, type PendingSignIn } from './oidc/oidc-state.js';
export { runMigrate } from './cli/migrate.js';
export { runBackup } from './cli/backup-command.js';
export {
  ServerEvents,
  SERVER_EVENT_TYPES,
  type ServerEvent,
  type ServerEventInput,
  type ServerEventType,
  type ServerEventListener,
  type Actor,
} from './events/server-events.js';
export { type AuditLog } from './audit/audit-log.js';
export { AUDITED_EVENTS } from './audit/audit-entry.js';
