import { afterEach } from 'vitest';
import { type ServerProcess, spawnTestServer } from './server.js';

/**
 * A real server process per test, for the attack tests: `start(env)` runs the built server (the
 * test-server fixture's spawnTestServer) over a fresh data folder; after each test it is stopped
 * (SIGTERM) and its folder deleted.
 */
export function serverPerTest(_name: string): { start(env?: Record<string, string>): Promise<ServerProcess> } {
  let server: ServerProcess | null = null;
  afterEach(async () => {
    await server?.dispose();
    server = null;
  });
  return {
    async start(env = {}) {
      server = await spawnTestServer(env);
      return server;
    },
  };
}
