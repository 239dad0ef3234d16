import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type ChildServer, spawnServer } from './child-server.js';

/**
 * A real server process per test, for the attack tests: `start(env)` runs the built server over a
 * fresh data folder; after each test it is stopped (SIGTERM) and its folder deleted.
 */
export function serverPerTest(name: string): { start(env?: Record<string, string>): Promise<ChildServer> } {
  let server: ChildServer | null = null;
  let dataDir = '';
  afterEach(async () => {
    server?.proc.kill('SIGTERM');
    await server?.exited;
    server = null;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = '';
  });
  return {
    async start(env = {}) {
      dataDir = mkdtempSync(join(tmpdir(), `tandem-attack-${name}-`));
      server = await spawnServer({ DATA_DIR: dataDir, ...env });
      return server;
    },
  };
}
