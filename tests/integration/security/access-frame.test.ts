import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccess, readMessage } from '@tandem/protocol';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { makeToken, openRaw, TEST_SECRET } from '../../helpers/sockets.js';

const exp = () => Math.floor(Date.now() / 1000) + 600;

describe('the access frame', () => {
  let server: TestServer;
  let open: TestServer;
  beforeAll(async () => {
    [server, open] = await Promise.all([startTestServer({ AUTH_SECRET: TEST_SECRET, MAX_FRAME_BYTES: '65536' }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([server.dispose(), open.dispose()]);
  });

  const firstFrame = async (base: string, docId: string, token?: string) => {
    const raw = await openRaw(base, docId, token ? { token } : {});
    await waitFor(() => raw.received.length >= 2, 'first frames');
    raw.ws.close();
    return raw.received;
  };

  it('comes first, before sync step 1, with the role of the token and its subject', async () => {
    const read = await firstFrame(server.url, 'af-doc', makeToken({ doc: 'af-doc', role: 'read', sub: 'u-7', name: 'Ada', exp: exp() }));
    expect(readAccess(read[0]!)).toEqual({ role: 'viewer', user: { id: 'u-7', name: 'Ada' }, maxFrameBytes: 65536, maxBytesPerSecond: 1 << 20 });
    expect(readMessage(read[1]!).type).toBe('sync-step1');
    const write = await firstFrame(server.url, 'af-doc', makeToken({ doc: 'af-*', role: 'write', sub: 'u-8', exp: exp() }));
    expect(readAccess(write[0]!)).toMatchObject({ role: 'editor', user: { id: 'u-8', name: 'u-8' } });
    const comment = await firstFrame(server.url, 'af-doc', makeToken({ doc: 'af-doc', role: 'comment', sub: 'u-9', exp: exp() }));
    expect(readAccess(comment[0]!)).toMatchObject({ role: 'commenter', user: { id: 'u-9', name: 'u-9' } });
  });

  it('says editor on an open server', async () => {
    const frames = await firstFrame(open.url, 'af-open');
    expect(readAccess(frames[0]!)).toMatchObject({ role: 'editor', user: null, maxFrameBytes: 1 << 20 });
  });

  it('is ignored by the stock y-websocket client, which still syncs', async () => {
    const token = makeToken({ doc: 'af-stock', role: 'write', exp: exp() });
    const a = connectClient(server.url, 'af-stock', { params: { token } });
    const b = connectClient(server.url, 'af-stock', { params: { token } });
    const denied: unknown[] = [];
    a.provider.on('connection-close', (e) => denied.push(e?.code));
    try {
      await Promise.all([synced(a), synced(b)]);
      a.text.insert(0, 'still works');
      await waitFor(() => b.text.toString() === 'still works', 'the other stock client gets the edit');
      expect(denied).toEqual([]);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
