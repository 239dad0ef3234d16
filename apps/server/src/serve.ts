import { SchemaTooNewError } from '@tandem/store';
/** `tandem serve`: reads the environment, starts the server, stops it cleanly on a signal. */
import { ConfigError, type ServerConfig } from './config/config.js';
import { loadConfig } from './config/check-config.js';
import { type RunningServer, startServer } from './server.js';
import { tokensEnabled } from './config/token-config.js';

function readConfig(env: Record<string, string | undefined>): ServerConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tandem: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/**
 * Runs the server until SIGTERM or SIGINT: then it closes sockets with 1001, stores what is
 * pending and exits 0 (a second signal exits 1 at once). A wrong configuration value exits 2
 * naming the variable; a failure to start exits 1.
 */
export async function runServe(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = readConfig(env);
  for (const warning of config.warnings) process.stderr.write(`tandem: warning: ${warning}\n`);
  if (config.accounts.mode === 'open' && !tokensEnabled(config.security.tokens)) {
    process.stderr.write(
      '\n  WARNING: AUTH_MODE=open and no token key is set. Tandem is running OPEN: anyone who can\n' +
        '  reach it can read and edit every document. Leave AUTH_MODE unset (accounts: people sign in)\n' +
        '  or set AUTH_SECRET (32+ characters), AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE to require\n' +
        '  tokens (SECURITY.md).\n\n',
    );
  }
  let server: RunningServer | null = null;
  let stopRequested: string | null = null;
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1);
    process.stderr.write(`tandem: ${signal} received, shutting down\n`);
    stopRequested = signal;
    server?.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Installed before start-up so a signal that arrives while starting still stops cleanly.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    server = await startServer(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tandem: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof SchemaTooNewError) {
      process.stderr.write(`tandem: cannot start: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`tandem: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  if (stopRequested) {
    await server.close();
    process.exit(0);
  }
}
