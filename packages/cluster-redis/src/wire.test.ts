import { describe, expect, it } from 'vitest';
import { decodeRelayMessage, encodeRelayMessage, type RelayMessage } from './wire.js';

describe('relay messages', () => {
  it('round-trip every type', () => {
    const messages: RelayMessage[] = [
      { type: 'update', node: 'n1', sentAt: 1_700_000_000_123, clock: 42, update: new Uint8Array([1, 2, 3]) },
      { type: 'awareness', node: 'nœud-2', sentAt: 5, update: new Uint8Array([9]) },
      { type: 'hello', node: 'n3', sentAt: 0 },
      { type: 'evict', node: 'n4', sentAt: 9, code: 4404, reason: 'document was deleted' },
    ];
    for (const m of messages) expect(decodeRelayMessage(encodeRelayMessage(m))).toEqual(m);
  });

  it('refuses bytes that are not a relay message', () => {
    const good = encodeRelayMessage({ type: 'hello', node: 'n', sentAt: 1 });
    expect(() => decodeRelayMessage(new Uint8Array([7, 1, 110, 1]))).toThrow(RangeError);
    expect(() => decodeRelayMessage(good.slice(0, -1))).toThrow(RangeError);
    expect(() => decodeRelayMessage(new Uint8Array([...good, 0]))).toThrow(RangeError);
  });
});
