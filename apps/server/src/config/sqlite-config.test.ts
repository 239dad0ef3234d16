import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';
import { sqliteWriter } from '../open-store.js';

describe('SQLITE_WRITER', () => {
  it('defaults to auto and accepts thread and inline; refuses anything else', () => {
    expect(parseConfig({}).storage.sqliteWriter).toBe('auto');
    expect(parseConfig({ SQLITE_WRITER: 'thread' }).storage.sqliteWriter).toBe('thread');
    expect(parseConfig({ SQLITE_WRITER: 'inline' }).storage.sqliteWriter).toBe('inline');
    expect(() => parseConfig({ SQLITE_WRITER: 'worker' })).toThrow(/SQLITE_WRITER: must be one of auto, thread, inline/);
  });

  it('auto runs commits in a thread only when the process may use more than one core', () => {
    expect(sqliteWriter('auto', 1)).toBe('inline');
    expect(sqliteWriter('auto', 4)).toBe('thread');
    expect(sqliteWriter('thread', 1)).toBe('thread');
    expect(sqliteWriter('inline', 4)).toBe('inline');
  });
});

describe('SQLITE_SYNCHRONOUS', () => {
  it('defaults to full and accepts normal', () => {
    expect(parseConfig({}).storage.sqliteSynchronous).toBe('full');
    expect(parseConfig({ SQLITE_SYNCHRONOUS: 'NORMAL' }).storage.sqliteSynchronous).toBe('normal');
  });

  it('refuses anything else, naming the variable and what is allowed', () => {
    expect(() => parseConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(ConfigError);
    expect(() => parseConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(/SQLITE_SYNCHRONOUS: must be one of full, normal/);
  });
});
