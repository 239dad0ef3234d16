import type { HttpBindings } from '@hono/node-server';
import type { Role } from '@tandem/protocol';
import type { AccessControl } from './access.js';
import type { AuthMode } from '../config/accounts-config.js';
import type { Accounts } from './accounts.js';
import type { Caller, DocGrant, DocRoles } from './doc-roles.js';
import type { ServerEvents } from '../events/server-events.js';
import type { LiveAccess } from './live-access.js';
import type { Sharing } from './sharing.js';
import type { OidcSignIn } from '../oidc/oidc-sign-in.js';
import type { Mailer } from '../mail/mailer.js';

/** Everything the routes and the sync gate need to know who someone is and what they may do. */
export interface AuthServices {
  mode: AuthMode;
  roles: DocRoles;
  tokens: AccessControl;
  /** People and sessions; null in open mode. */
  accounts: Accounts | null;
  /** Access lists and share links; null in open mode. */
  sharing: Sharing | null;
  /** Sign-in with the OpenID Connect provider (OIDC_ISSUER); null when none is configured. */
  oidc: OidcSignIn | null;
  live: LiveAccess;
  /** Sends mail (SMTP_URL), for invites and mentions; null when unset or in open mode. */
  mailer: Mailer | null;
  sessionTtlMs: number;
  /** PUBLIC_URL, else links are built from the request's address. */
  publicUrl: string | null;
  /** True when the server itself serves TLS (then cookies are always Secure). */
  tls: boolean;
  trustProxy: readonly string[];
  allowedOrigins: readonly string[] | '*';
}

/** The Hono environment of routes behind `identify()`: the services, the caller, the role (and grant) a guard found, the events bus. */
export interface AuthEnv {
  Bindings: HttpBindings;
  Variables: { auth: AuthServices; caller: Caller; role: Role; grant: DocGrant; events: ServerEvents };
}
