import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, startServer } from '@tandem/server';
import { TEST_SECRET, upgradeStatus } from '../../helpers/sockets.js';

async function startWithLog(env: Record<string, string | undefined>) {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-open-'));
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, warn: (event: string) => warnings.push(event), error() {} };
  const server = await startServer(parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, AUTH_MODE: 'open', ...env }), { logger });
  return {
    server,
    warnings,
    async dispose() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('AUTH_MODE=open without AUTH_SECRET', () => {
  it('runs open and says so at start; with it, does not', async () => {
    const open = await startWithLog({});
    try {
      expect(open.warnings).toContain('server.open_access');
      expect(await upgradeStatus(open.server.port, '/sync/any-doc')).toBe(101);
      expect((await fetch(`http://127.0.0.1:${open.server.port}/api/docs`)).status).toBe(200);
    } finally {
      await open.dispose();
    }
    const closed = await startWithLog({ AUTH_SECRET: TEST_SECRET });
    try {
      expect(closed.warnings).not.toContain('server.open_access');
      expect(await upgradeStatus(closed.server.port, '/sync/any-doc')).toBe(401);
      expect((await fetch(`http://127.0.0.1:${closed.server.port}/api/docs`)).status).toBe(401);
    } finally {
      await closed.dispose();
    }
  });

  it('is not the default: without AUTH_MODE people must sign in', async () => {
    const server = await startWithLog({ AUTH_MODE: undefined });
    try {
      expect(server.warnings).not.toContain('server.open_access');
      expect(await upgradeStatus(server.server.port, '/sync/any-doc')).toBe(401);
      expect((await fetch(`http://127.0.0.1:${server.server.port}/api/recent`)).status).toBe(401);
    } finally {
      await server.dispose();
    }
  });
});
