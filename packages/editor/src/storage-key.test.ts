import { describe, expect, it } from 'vitest';
import { storageIdentity, storageName } from './storage-key.js';

const jwt = (claims: object) => `h.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.s`;

describe('storage identity', () => {
  it('keeps readers, writers, people and open mode apart', () => {
    const read = storageIdentity(jwt({ sub: 'ada', role: 'read' }));
    const write = storageIdentity(jwt({ sub: 'ada', role: 'write' }));
    expect(read).toBe('token:ada:read');
    expect(write).toBe('token:ada:write');
    expect(storageIdentity(jwt({ sub: 'bob', role: 'write' }))).not.toBe(write);
    expect(storageIdentity(undefined)).toBe('open');
    expect(storageIdentity('not-a-jwt')).toBe('token');
    expect(storageIdentity(jwt({ sub: 'ada', role: 'read' }), 'u-1')).toBe('user:u-1');
    expect(storageName('ws://h/sync', 'd', read)).not.toBe(storageName('ws://h/sync', 'd', write));
  });
});
