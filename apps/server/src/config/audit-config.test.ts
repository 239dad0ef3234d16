import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAuditFile, parseAuditConfig } from './audit-config.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-audit-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AUDIT_LOG and AUDIT_RETENTION_DAYS', () => {
  it('default to stdout and 90 days; read the words, a path, and 0', () => {
    expect(parseAuditConfig({})).toEqual({ output: { kind: 'stdout' }, retentionDays: 90 });
    expect(parseAuditConfig({ AUDIT_LOG: 'STDERR', AUDIT_RETENTION_DAYS: '0' })).toEqual({ output: { kind: 'stderr' }, retentionDays: 0 });
    expect(parseAuditConfig({ AUDIT_LOG: 'off' }).output).toEqual({ kind: 'off' });
    expect(parseAuditConfig({ AUDIT_LOG: 'logs/audit.jsonl' }).output).toEqual({ kind: 'file', path: resolve('logs/audit.jsonl') });
    expect(() => parseAuditConfig({ AUDIT_RETENTION_DAYS: '-1' })).toThrow(/^AUDIT_RETENTION_DAYS: /);
    expect(() => parseAuditConfig({ AUDIT_LOG: 'a\nb' })).toThrow(/^AUDIT_LOG: /);
  });

  it('check a file path as start-up does: its folder must exist, it must be a writable file', () => {
    expect(() => checkAuditFile({ kind: 'file', path: join(dir, 'new.log') })).not.toThrow();
    writeFileSync(join(dir, 'old.log'), 'x\n');
    expect(() => checkAuditFile({ kind: 'file', path: join(dir, 'old.log') })).not.toThrow();
    expect(() => checkAuditFile({ kind: 'file', path: join(dir, 'missing', 'a.log') })).toThrow(/^AUDIT_LOG: the folder .* does not exist/);
    expect(() => checkAuditFile({ kind: 'file', path: dir })).toThrow(/^AUDIT_LOG: .* is not a regular file/);
    expect(() => checkAuditFile({ kind: 'stdout' })).not.toThrow();
  });
});
