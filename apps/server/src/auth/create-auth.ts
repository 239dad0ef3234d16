import { join } from 'node:path';
import { type AccountStore, createPostgresAccountStore, createSqliteAccountStore } from '@tandem/accounts-store';
import { createRedisBroadcast } from '@tandem/cluster-redis';
import type { Logger } from '@tandem/sync';
import type { ServerConfig } from '../config/config.js';
import type { SocketPolicy } from '../security/socket-policy.js';
import { Accounts } from './accounts.js';
import type { AuthServices } from './auth-services.js';
import { DocRoles } from './doc-roles.js';
import { type AccessBus, type AccessEvent, LiveAccess, localAccessBus } from './live-access.js';
import { copyInviteLink, type SendInvite, Sharing } from './sharing.js';
import { createMailer } from '../mail/mailer.js';
import { mailInvites } from '../mail/invite-mail.js';
import { createOidcSignIn } from '../oidc/oidc-sign-in.js';

/** What a caller may inject instead of the defaults. */
export interface AuthOptions {
  accountStore?: AccountStore;
  /** The invite mail seam (default: mailed through SMTP_URL when set, else the link is handed back to copy). */
  sendInvite?: SendInvite;
}

/** The auth services of a running server, and how to stop what they opened. */
export interface StartedAuth {
  auth: AuthServices;
  close(): Promise<void>;
}

/** Opens the AccountStore the configuration names: PostgreSQL beside the documents, else DATA_DIR/accounts.db. */
export async function openAccountStore(config: ServerConfig): Promise<AccountStore> {
  const { databaseUrl, databaseSchema } = config.storage;
  if (databaseUrl) return createPostgresAccountStore({ connectionString: databaseUrl, ...(databaseSchema ? { schema: databaseSchema } : {}) });
  return createSqliteAccountStore({ path: join(config.storage.dataDir, 'accounts.db') });
}

/** The access bus: over Redis when the nodes form a cluster (REDIS_URL), else this node only. */
async function openBus(config: ServerConfig, live: LiveAccess, logger: Logger): Promise<AccessBus> {
  const { redisUrl, redisPrefix, nodeId } = config.cluster;
  if (!redisUrl) return localAccessBus(live);
  const broadcast = await createRedisBroadcast({
    url: redisUrl,
    channel: `${redisPrefix}access`,
    nodeId,
    onMessage: (message) => {
      try {
        void live.apply(JSON.parse(message) as AccessEvent);
      } catch {
        logger.warn('access.bad_event');
      }
    },
    onError: (err) => logger.warn('access.redis_error', { error: err.message }),
  });
  return {
    publish(event) {
      void live.apply(event);
      broadcast.publish(JSON.stringify(event));
    },
    close: () => broadcast.close(),
  };
}

/**
 * Builds who-is-who for a server: in accounts mode (the default) the AccountStore, people and
 * sharing; in either mode the role rules (tokens included) and the watch on open sockets.
 */
export async function createAuth(config: ServerConfig, policy: SocketPolicy, logger: Logger, options: AuthOptions = {}): Promise<StartedAuth> {
  const { mode, sessionTtlMs, publicUrl } = config.accounts;
  const live = new LiveAccess();
  const store = mode === 'accounts' ? (options.accountStore ?? (await openAccountStore(config))) : null;
  const accounts = store ? new Accounts(store, live, sessionTtlMs) : null;
  const mailer = store ? createMailer(config.mail) : null;
  const sendInvite = options.sendInvite ?? (mailer ? mailInvites(mailer, logger) : copyInviteLink);
  const sharing = store && accounts ? new Sharing(store, live, sendInvite, () => accounts.signupPolicy()) : null;
  const roles = new DocRoles(mode, policy.access, store);
  const bus = store ? await openBus(config, live, logger) : localAccessBus(live);
  live.connect(async (socket) => {
    const user = socket.userId && store ? await store.userById(socket.userId) : null;
    return roles.roleOf({ user: user && !user.disabled ? user : null, token: null, share: socket.share }, socket.docId);
  }, bus);
  const auth: AuthServices = {
    mode,
    roles,
    tokens: policy.access,
    accounts,
    sharing,
    oidc: accounts && config.oidc ? createOidcSignIn(config.oidc) : null,
    live,
    mailer,
    sessionTtlMs,
    publicUrl,
    tls: config.security.tls !== null,
    trustProxy: config.security.trustProxy,
    allowedOrigins: config.security.allowedOrigins,
  };
  return {
    auth,
    async close() {
      await bus.close();
      mailer?.close();
      if (store && !options.accountStore) await store.close();
    },
  };
}
