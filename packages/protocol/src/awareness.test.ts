import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { type DecodeError, readAwarenessUpdate, writeAwarenessUpdate } from './index.js';

describe('awareness updates', () => {
  it('reads what y-protocols encodes and encodes what it reads', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Ada' } });
    const bytes = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const entries = readAwarenessUpdate(bytes);
    expect(entries).toEqual([{ clientId: doc.clientID, clock: 1, state: '{"user":{"name":"Ada"}}' }]);
    expect(writeAwarenessUpdate(entries)).toEqual(bytes);
    awareness.destroy();
  });

  it('refuses counts larger than the bytes present and invalid JSON', () => {
    const code = (bytes: number[]) => {
      try {
        readAwarenessUpdate(new Uint8Array(bytes));
      } catch (err) {
        return (err as DecodeError).code;
      }
      return 'decoded';
    };
    expect(code([0x80, 0x80, 0x80, 0x01, 1, 1, 1])).toBe('count-exceeds-frame');
    expect(code([1, 1, 1, 3, 0x7b, 0x7b, 0x7b])).toBe('invalid-json');
    expect(code([1, 1, 1, 4, 0x6e, 0x75, 0x6c, 0x6c])).toBe('decoded'); // "null": a removal
  });
});
