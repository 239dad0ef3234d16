import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('SQLITE_WRITER', () => {
  it('defaults to thread and accepts inline; refuses anything else', () => {
    expect(parseConfig({}).sqliteWriter).toBe('thread');
    expect(parseConfig({ SQLITE_WRITER: 'inline' }).sqliteWriter).toBe('inline');
    expect(() => parseConfig({ SQLITE_WRITER: 'worker' })).toThrow(/SQLITE_WRITER: must be one of thread, inline/);
  });
});

describe('SQLITE_SYNCHRONOUS', () => {
  it('defaults to full and accepts normal', () => {
    expect(parseConfig({}).sqliteSynchronous).toBe('full');
    expect(parseConfig({ SQLITE_SYNCHRONOUS: 'NORMAL' }).sqliteSynchronous).toBe('normal');
  });

  it('refuses anything else, naming the variable and what is allowed', () => {
    expect(() => parseConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(ConfigError);
    expect(() => parseConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(/SQLITE_SYNCHRONOUS: must be one of full, normal/);
  });
});
