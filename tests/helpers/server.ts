import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type RunningServer, startServer } from '@tandem/server';

/** A real Tandem server on a random loopback port over a fresh SQLite file. */
export interface TestServer extends RunningServer {
  url: string;
  dataDir: string;
  /** Stops the server and deletes its data folder. */
  dispose(): Promise<void>;
}

/**
 * Starts a server in this process; `env` adds configuration variables. Runs `AUTH_MODE=open`
 * unless `env` says otherwise (the tests of accounts pass `AUTH_MODE: 'accounts'`).
 */
export async function startTestServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent', AUTH_MODE: 'open', ...env });
  const server = await startServer(config);
  return {
    ...server,
    url: `http://127.0.0.1:${server.port}`,
    dataDir: dir,
    async dispose() {
      await server.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
