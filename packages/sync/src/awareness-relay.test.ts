import { describe, expect, it } from 'vitest';
import { readAwarenessUpdate, readMessage, writeAwarenessUpdate } from '@tandem/protocol';
import { AwarenessRelay } from './awareness-relay.js';

const update = (clientId: number, clock: number, state: string) => writeAwarenessUpdate([{ clientId, clock, state }]);
const entries = (frame: Uint8Array | null) => {
  const message = readMessage(frame!);
  return message.type === 'awareness' ? readAwarenessUpdate(message.update) : [];
};

describe('AwarenessRelay', () => {
  it('keeps a client id with the connection that first used it', () => {
    const relay = new AwarenessRelay<string>();
    relay.apply(update(1, 1, '{"n":"a"}'), 'a');
    expect(relay.apply(update(1, 5, '{"n":"mallory"}'), 'b')).toMatchObject({ frame: null, foreign: 1 });
    expect(relay.apply(update(1, 6, 'null'), 'b')).toMatchObject({ frame: null, foreign: 1 });
    expect(entries(relay.snapshotFrame())).toEqual([{ clientId: 1, clock: 1, state: '{"n":"a"}' }]);
  });

  it('stamps the token name into user.name', () => {
    const relay = new AwarenessRelay<string>();
    const { frame } = relay.apply(update(1, 1, '{"user":{"name":"Mallory","color":"red"},"cursor":3}'), 'a', 'Ada');
    expect(JSON.parse(entries(frame)[0]!.state)).toEqual({ user: { name: 'Ada', color: 'red' }, cursor: 3 });
    const plain = relay.apply(update(2, 1, '{}'), 'a', 'Ada');
    expect(JSON.parse(entries(plain.frame)[0]!.state)).toEqual({ user: { name: 'Ada' } });
  });

  it('caps how many client ids one connection holds, and frees them when it leaves', () => {
    const relay = new AwarenessRelay<string>(undefined, 2);
    relay.apply(update(1, 1, '{}'), 'a');
    relay.apply(update(2, 1, '{}'), 'a');
    expect(relay.apply(update(3, 1, '{}'), 'a')).toMatchObject({ frame: null, overLimit: 1 });
    relay.apply(update(2, 2, 'null'), 'a');
    expect(relay.apply(update(3, 1, '{}'), 'a').overLimit).toBe(0);
    expect(relay.size).toBe(2);
    expect(entries(relay.removeOwner('a')).map((e) => e.state)).toEqual(['null', 'null']);
    expect(relay.size).toBe(0);
  });
});
