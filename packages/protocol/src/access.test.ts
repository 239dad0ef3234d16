import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import { higherRole, readAccess, readMessage, roleAtLeast, writeAccess, writeAuthDenied } from './index.js';

describe('access frame', () => {
  it('round-trips the role and user as a y-protocols auth message of sub-type 1', () => {
    const frame = writeAccess({ role: 'commenter', user: { id: 'u1', name: 'Ada' } });
    const d = decoding.createDecoder(frame);
    expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([2, 1]);
    expect(JSON.parse(decoding.readVarString(d))).toEqual({ role: 'commenter', user: { id: 'u1', name: 'Ada' } });
    expect(readAccess(frame)).toEqual({ role: 'commenter', user: { id: 'u1', name: 'Ada' } });
    expect(readMessage(frame)).toEqual({ type: 'auth-access', json: expect.any(String) });
    expect(readAccess(writeAccess({ role: 'viewer', user: null }))).toEqual({ role: 'viewer', user: null });
    const limited = { role: 'editor' as const, user: null, maxFrameBytes: 1024, maxBytesPerSecond: 4096 };
    expect(readAccess(writeAccess(limited))).toEqual(limited);
  });

  it('is ignored by y-protocols auth, as the stock client reads it', () => {
    const denied: string[] = [];
    const decoder = decoding.createDecoder(writeAccess({ role: 'viewer', user: null }));
    decoding.readVarUint(decoder);
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => denied.push(reason));
    expect(denied).toEqual([]);
  });

  it('is null for other frames and refuses a bad role', () => {
    expect(readAccess(writeAuthDenied('no'))).toBeNull();
    const bad = writeAccess({ role: 'viewer', user: null });
    const forged = new Uint8Array([...bad.slice(0, 2), ...new TextEncoder().encode('')]);
    expect(() => readAccess(forged)).toThrow();
  });

  it('orders roles viewer < commenter < editor < owner', () => {
    expect(roleAtLeast('editor', 'commenter')).toBe(true);
    expect(roleAtLeast('commenter', 'editor')).toBe(false);
    expect(roleAtLeast(null, 'viewer')).toBe(false);
    expect(higherRole('viewer', 'owner')).toBe('owner');
    expect(higherRole(null, 'viewer')).toBe('viewer');
  });
});
