import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_MAIN, spawnTestServer } from '../helpers/server.js';
import { connectClient, synced, waitFor } from '../helpers/clients.js';

describe('the server command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops at start-up on a bad config value, naming the variable', () => {
    const run = spawnSync(process.execPath, [SERVER_MAIN], {
      env: { ...process.env, PORT: 'eighty', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/PORT: must be a whole number from 0 to 65535, got "eighty"/);
  });

  it('logs one JSON line per event', async () => {
    const server = await spawnTestServer({ DATA_DIR: dataDir });
    await server.stop();
    const lines = server.output().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('event');
    expect(lines.map((l) => JSON.parse(l).event)).toEqual(
      expect.arrayContaining(['server.listening', 'server.stopping', 'server.stopped']),
    );
  });

  it('on SIGTERM stores pending edits and closes sockets with 1001 so clients reconnect', async () => {
    const server = await spawnTestServer({ DATA_DIR: dataDir });
    const client = connectClient(server.url, 'shutdown-doc');
    await synced(client);
    const codes: number[] = [];
    client.provider.on('connection-close', (event: { code: number } | null) => {
      if (event) codes.push(event.code);
    });
    client.text.insert(0, 'typed just before shutdown');
    // once the server holds the edit, a SIGTERM must keep it and tell the client to go elsewhere
    let stored = false;
    while (!stored) stored = (await fetch(`${server.url}/api/docs/shutdown-doc`)).status === 200;
    expect(await server.stop()).toBe(0);
    await waitFor(() => codes.length > 0, 'close event');
    expect(codes[0]).toBe(1001);
    client.destroy();

    const again = await spawnTestServer({ DATA_DIR: dataDir });
    const reader = connectClient(again.url, 'shutdown-doc');
    await synced(reader);
    expect(reader.text.toString()).toBe('typed just before shutdown');
    reader.destroy();
    await again.stop();
  });
});
