import { describe, expect, it } from 'vitest';
import { type AwarenessEntry, readAwarenessUpdate, readMessage } from '@tandem/protocol';
import { AwarenessFanOut } from './awareness-fan-out.js';

class Peer {
  frames: Uint8Array[] = [];
  send(frame: Uint8Array) {
    this.frames.push(frame);
  }
  /** Every entry received, frame by frame. */
  entries(): AwarenessEntry[][] {
    return this.frames.map((f) => {
      const m = readMessage(f);
      if (m.type !== 'awareness') throw new Error('expected an awareness frame');
      return readAwarenessUpdate(m.update);
    });
  }
}

const entry = (clientId: number, clock: number, cursor: number): AwarenessEntry => ({ clientId, clock, state: JSON.stringify({ cursor }) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AwarenessFanOut', () => {
  it('relays the first change at once, then gathers changes into one frame per receiver', async () => {
    const [a, b, c] = [new Peer(), new Peer(), new Peer()];
    const fan = new AwarenessFanOut(() => [a, b, c], 40);
    fan.relay([entry(1, 1, 0)], a);
    expect(b.entries()).toEqual([[entry(1, 1, 0)]]);
    expect(a.frames).toHaveLength(0);
    fan.relay([entry(1, 2, 5)], a);
    fan.relay([entry(1, 3, 9)], a);
    fan.relay([entry(2, 1, 7)], b);
    expect(c.frames).toHaveLength(1); // nothing more until the interval ends
    await sleep(80);
    expect(c.entries()[1]).toEqual([entry(1, 3, 9), entry(2, 1, 7)]); // latest per client, one frame
    expect(a.entries()).toEqual([[entry(2, 1, 7)]]); // never its own entries
    expect(b.entries()).toEqual([[entry(1, 1, 0)], [entry(1, 3, 9)]]);
    fan.stop();
  });

  it('relays every change at once with interval 0, or on demand', async () => {
    const [a, b] = [new Peer(), new Peer()];
    const now = new AwarenessFanOut(() => [a, b], 0);
    now.relay([entry(1, 1, 0)], a);
    now.relay([entry(1, 2, 1)], a);
    expect(b.frames).toHaveLength(2);

    const [x, y] = [new Peer(), new Peer()];
    const fan = new AwarenessFanOut(() => [x, y], 30);
    fan.relay([entry(3, 1, 0)], x);
    fan.relay([entry(3, 2, 1)], x);
    fan.flush();
    expect(y.entries()).toEqual([[entry(3, 1, 0)], [entry(3, 2, 1)]]);
    await sleep(60);
    expect(y.frames).toHaveLength(2);
    fan.stop();
  });

  it('sends at most its byte allowance per second, all receivers counted; the latest state per client still arrives', async () => {
    const receivers = Array.from({ length: 10 }, () => new Peer());
    const owner = new Peer();
    const fanOut = new AwarenessFanOut(() => [owner, ...receivers], 10, 20_000);
    const pad = 'p'.repeat(1000);
    const started = performance.now();
    while (performance.now() - started < 1000) {
      for (let id = 1; id <= 5; id++) fanOut.relay([{ clientId: id, clock: Math.round(performance.now()), state: JSON.stringify({ pad }) }], owner);
      await new Promise((r) => setTimeout(r, 5));
    }
    const sent = receivers.reduce((sum, r) => sum + r.frames.reduce((n, f) => n + f.length, 0), 0);
    // Without the allowance: ~5 KB x 10 receivers every 10 ms, ~5 MB in the second.
    expect(sent).toBeLessThan(2 * 20_000 + 60_000);
    await new Promise((r) => setTimeout(r, 1100));
    fanOut.stop();
    const last = receivers[0]!.entries().flat();
    expect(new Set(last.map((e) => e.clientId))).toEqual(new Set([1, 2, 3, 4, 5]));
  });
});
