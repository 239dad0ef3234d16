#!/usr/bin/env node
/** The `tandem` command: reads the environment, starts the server, stops it cleanly on a signal. */
import { ConfigError, parseConfig } from './config.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tandem: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (!config.security.authSecret) {
    process.stderr.write(
      '\n  WARNING: AUTH_SECRET is not set. Tandem is running OPEN: anyone who can reach it can read\n' +
        '  and edit every document. Set AUTH_SECRET (32+ characters) to require tokens (SECURITY.md).\n\n',
    );
  }
  const server = await startServer(config);
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1);
    process.stderr.write(`tandem: ${signal} received, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`tandem: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
