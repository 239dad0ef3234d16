import type { IncomingMessage, RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { normaliseBasePath } from './base-path.js';
import { parseConfig, type ServerConfig } from './config/config.js';
import { syncDocIdOf } from './routes/raw-sync-path.js';
import { serverTimeouts, type UpgradeHandler } from './security/transport.js';
import { assembleTandem, type AssembledTandem, type StartOptions } from './server.js';

/** How to build a mountable Tandem (see createTandem). */
export interface TandemOptions extends StartOptions {
  /**
   * The configuration as environment variables, the same names and rules as the README's
   * configuration table (`AUTH_SECRET`, `ALLOWED_ORIGINS`, `DATA_DIR`...). Default: `process.env`.
   * A wrong value throws ConfigError naming the variable. `PORT`/`HOST` are ignored: the host
   * app listens.
   */
  env?: Record<string, string | undefined>;
  /** An already parsed configuration (parseConfig), instead of `env`. */
  config?: ServerConfig;
  /**
   * Where Tandem's routes live in the host app: `/collab` gives `/collab/sync/<doc>`,
   * `/collab/api/...`, `/collab/healthz`. Default: the root.
   */
  basePath?: string;
  /**
   * Serve the web app (home, document pages). Default: true at the root, false under a base path.
   * The web app's pages call `/api/...`, so it can only be served at the root: `web: true` with a
   * base path throws.
   */
  web?: boolean;
}

/** A Tandem sync server and REST API, ready to be mounted into a host's HTTP server. */
export interface Tandem extends Omit<AssembledTandem, 'app' | 'upgrade' | 'close' | 'wss'> {
  /**
   * The Hono app with every route under the base path. In a Hono host: `host.route('/', tandem.app)`
   * (the base path is already in its routes). It needs @hono/node-server's bindings (`c.env.incoming`),
   * which `serve()` and `tandem.listener` provide.
   */
  app: Hono;
  /** The app as a node:http request listener, for a plain `http.createServer` host. */
  listener: RequestListener;
  /**
   * The `upgrade` handler for the host's node server: `server.on('upgrade', tandem.upgrade)`.
   * Runs every defence of the standalone server before a socket opens: the document id, Host
   * (421), Origin (403), who it is and their role (401/403), connection caps (503/429), the
   * document cap; then heartbeats find dead sockets and the per-connection rate limits apply.
   * A path outside `<basePath>/sync/` is refused with 404: route your own upgrades first
   * (see `handlesUpgrade`).
   */
  upgrade: UpgradeHandler;
  /** True when an upgrade request is for Tandem's sync endpoint (`<basePath>/sync/...`). */
  handlesUpgrade(request: IncomingMessage): boolean;
  /** The base path the routes live under ('' for the root). */
  basePath: string;
  /**
   * node:http server options that drop slow clients (HANDSHAKE_TIMEOUT): pass them to the
   * host's `createServer(options)`; Tandem's own server uses the same.
   */
  serverOptions: ReturnType<typeof serverTimeouts>;
  /** Graceful stop: closes every socket with 1001 (clients reconnect elsewhere), stores what is pending, closes the stores. */
  close(): Promise<void>;
}

/**
 * Builds a Tandem to mount into an existing app: the same server `tandem serve` runs (the same
 * configuration, access control, Origin and Host checks, limits, heartbeats, background jobs),
 * without its own listening socket. See docs/embedding.md ("Mount the server") and examples/.
 */
export async function createTandem(options: TandemOptions = {}): Promise<Tandem> {
  const { env, config: given, basePath: rawBase, web: rawWeb, ...start } = options;
  const basePath = normaliseBasePath(rawBase);
  if (rawWeb && basePath) throw new RangeError('the web app can only be served at the root: pass web: false (or no basePath)');
  const config = given ?? parseConfig(env ?? process.env);
  const web = rawWeb ?? !basePath;
  const { app, upgrade, close, wss: _wss, ...parts } = await assembleTandem(config, { ...start, basePath, web });
  return {
    ...parts,
    app,
    listener: getRequestListener(app.fetch),
    upgrade,
    handlesUpgrade: (request) => syncDocIdOf(request.url, basePath) !== undefined,
    basePath,
    serverOptions: serverTimeouts(config.security),
    close: () => close(),
  };
}
