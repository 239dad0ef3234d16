import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import { describe, expect, it } from 'vitest';
import { DecodeError, canWrite, readAccess, readMessage, writeAccess, writeAuthDenied, writeSyncStep1 } from './index.js';

describe('access frame', () => {
  const access = { role: 'viewer' as const, user: { id: 'u1', name: 'Ada' } };

  it('is 2 1 varString(JSON) and round-trips through readAccess and readMessage', () => {
    const frame = writeAccess(access);
    expect([frame[0], frame[1]]).toEqual([2, 1]);
    expect(readAccess(frame)).toEqual(access);
    expect(readMessage(frame)).toEqual({ type: 'access', access });
    expect(readAccess(writeAccess({ role: 'editor', user: null, maxFrameBytes: 1024 }))).toEqual({ role: 'editor', user: null, maxFrameBytes: 1024 });
  });

  it('readAccess returns null for other frames and refuses bad JSON or roles', () => {
    expect(readAccess(writeAuthDenied('no'))).toBeNull();
    expect(readAccess(writeSyncStep1(new Uint8Array([0])))).toBeNull();
    const bad = (json: string) => new Uint8Array([2, 1, json.length, ...new TextEncoder().encode(json)]);
    expect(() => readAccess(bad('{'))).toThrow(DecodeError);
    expect(() => readAccess(bad('{"role":"god","user":null}'))).toThrow(DecodeError);
    expect(() => readAccess(bad('{"role":"editor","user":{"id":1}}'))).toThrow(DecodeError);
    expect(() => readAccess(new Uint8Array([2, 1, 9, 1]))).toThrow(DecodeError);
  });

  it('is ignored by y-protocols auth, as the stock client reads it', () => {
    const denied: string[] = [];
    const decoder = decoding.createDecoder(writeAccess(access));
    decoding.readVarUint(decoder);
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => denied.push(reason));
    expect(denied).toEqual([]);
  });

  it('only editors and owners write', () => {
    expect(['viewer', 'commenter', 'editor', 'owner'].map((r) => canWrite(r as never))).toEqual([false, false, true, true]);
  });
});
