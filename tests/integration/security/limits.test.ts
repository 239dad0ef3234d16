import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, writeQueryAwareness } from '@tandem/protocol';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { openRaw, openSilentPeer, upgradeStatus } from '../../helpers/sockets.js';

describe('limits', () => {
  let server: TestServer | null = null;
  const start = async (env: Record<string, string>) => (server = await startTestServer(env));
  afterEach(async () => {
    await server?.dispose();
    server = null;
  });

  it('closes with 1009 one byte over the frame size, and takes a frame of exactly that size', async () => {
    const s = await start({ MAX_FRAME_BYTES: '4096' });
    const ok = await openRaw(s.url, 'frame');
    // An awareness frame of exactly 4096 bytes: [1][varuint len][update...]
    const frame = new Uint8Array(4096);
    frame[0] = 1;
    frame[1] = 0xfd; // 4093 = 0xfd 0x1f
    frame[2] = 0x1f;
    frame[3] = 0; // count 0, then junk: decodes as trailing bytes -> 1007, never 1009
    ok.ws.send(frame);
    expect(await ok.closed).toBe(CloseCode.invalidPayload);
    const over = await openRaw(s.url, 'frame');
    over.ws.send(new Uint8Array(4097));
    expect(await over.closed).toBe(CloseCode.messageTooBig);
  });

  it('closes a flood with 1008: messages per second and bytes per second', async () => {
    const s = await start({ MAX_MESSAGES_PER_SECOND: '50', MAX_BYTES_PER_SECOND: '2048' });
    const byCount = await openRaw(s.url, 'flood');
    for (let i = 0; i < 60; i++) byCount.ws.send(writeQueryAwareness());
    expect(await byCount.closed).toBe(CloseCode.policyViolation);

    const byBytes = await openRaw(s.url, 'flood');
    // Without the byte budget this 3000-byte frame would be refused as malformed (1007) instead.
    for (let i = 0; i < 4; i++) byBytes.ws.send(writeQueryAwareness());
    byBytes.ws.send(new Uint8Array(3000).fill(3));
    expect(await byBytes.closed).toBe(CloseCode.policyViolation);

    // An honest client under the limits is unaffected.
    const a = connectClient(s.url, 'flood-ok');
    const b = connectClient(s.url, 'flood-ok');
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'fine');
    await waitFor(() => b.text.toString() === 'fine', 'honest edit');
    a.destroy();
    b.destroy();
  });

  it('refuses connections over the total cap with 503 and over the per-IP cap with 429', async () => {
    const s = await start({ MAX_CONNECTIONS: '3', MAX_CONNECTIONS_PER_IP: '2', TRUST_PROXY: '127.0.0.1' });
    const asIp = (ip: string) => ({ 'X-Forwarded-For': ip });
    const one = await openRaw(s.url, 'cap', { headers: asIp('10.0.0.1') });
    const two = await openRaw(s.url, 'cap', { headers: asIp('10.0.0.1') });
    expect(await upgradeStatus(s.port, '/sync/cap', asIp('10.0.0.1'))).toBe(429);
    // A client cannot dodge the cap by writing its own X-Forwarded-For: only the proxy's last hop counts.
    expect(await upgradeStatus(s.port, '/sync/cap', asIp('1.2.3.4, 10.0.0.1'))).toBe(429);
    const three = await openRaw(s.url, 'cap', { headers: asIp('10.0.0.2') });
    expect(await upgradeStatus(s.port, '/sync/cap', asIp('10.0.0.3'))).toBe(503);
    expect(s.sync.stats().sessions).toBe(3);
    one.ws.close();
    await one.closed;
    await waitFor(() => s.sync.stats().sessions === 2, 'slot released');
    const four = await openRaw(s.url, 'cap', { headers: asIp('10.0.0.1') });
    for (const r of [two, three, four]) r.ws.close();
  });

  it('refuses a new document over the loaded-documents cap with 503', async () => {
    const s = await start({ MAX_DOCUMENTS: '1' });
    const a = await openRaw(s.url, 'doc-one');
    expect(await upgradeStatus(s.port, '/sync/doc-two')).toBe(503);
    expect(s.sync.room('doc-two')).toBeUndefined();
    const again = await openRaw(s.url, 'doc-one');
    a.ws.close();
    again.ws.close();
  });

  it('closes a half-open connection within two ping intervals', async () => {
    const interval = 200;
    const s = await start({ PING_INTERVAL: `${interval}ms` });
    const healthy = await openRaw(s.url, 'hb');
    const silent = await openSilentPeer(s.port, '/sync/hb');
    const opened = Date.now();
    await waitFor(() => s.sync.stats().sessions === 2, 'both connected');
    const closedAt = await new Promise<number>((resolve) => silent.on('close', () => resolve(Date.now())));
    expect(closedAt - opened).toBeLessThanOrEqual(2 * interval + 150);
    await new Promise((r) => setTimeout(r, 3 * interval));
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN); // it answers pings, so it stays
    healthy.ws.close();
  });

  it('closes a text frame with 1003 and a malformed frame with 1007, and only that connection', async () => {
    const s = await start({});
    const a = connectClient(s.url, 'bad');
    await synced(a);
    const text = await openRaw(s.url, 'bad');
    text.ws.send('hello');
    expect(await text.closed).toBe(CloseCode.unsupportedData);
    const junk = await openRaw(s.url, 'bad');
    junk.ws.send(new Uint8Array([0, 2, 7, 1, 0xff, 0xff, 0xff, 0x03, 0, 0]));
    expect(await junk.closed).toBe(CloseCode.invalidPayload);
    a.text.insert(0, 'still fine');
    const b = connectClient(s.url, 'bad');
    await waitFor(() => b.text.toString() === 'still fine', 'unaffected');
    expect(a.provider.wsconnected).toBe(true);
    a.destroy();
    b.destroy();
  });
});
