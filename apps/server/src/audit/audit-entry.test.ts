import { describe, expect, it } from 'vitest';
import { AUDITED_EVENTS, auditEntryOf, auditLine, scrubData } from './audit-entry.js';

describe('audit entries', () => {
  it('never keep secret-looking keys, however deep, and cut long strings', () => {
    const data = scrubData({
      title: 'Plan',
      token: 'eyJ...',
      nested: { password: 'hunter2', inviteLink: 'https://x/?invite=abc', ok: 1, deeper: { sessionCookie: 'c', keep: true } },
      list: [{ secret: 's', name: 'n' }],
      long: 'x'.repeat(600),
    }) as Record<string, any>;
    expect(data).toEqual({ title: 'Plan', nested: { ok: 1, deeper: { keep: true } }, list: [{ name: 'n' }], long: `${'x'.repeat(500)}…` });
  });

  it('are every bus event but stored edits and comments', () => {
    expect(AUDITED_EVENTS).not.toContain('document.changed');
    expect(AUDITED_EVENTS).not.toContain('comment.created');
    expect(AUDITED_EVENTS).toEqual(expect.arrayContaining(['document.deleted', 'auth.sign_in_failed', 'admin.webhook_changed', 'export']));
  });

  it('become one line marked "stream":"audit", ids sorting by time', () => {
    const a = auditEntryOf({ type: 'document.renamed', at: 1000, docId: 'd', actor: { kind: 'account', id: 'u', name: 'Ada', email: 'a@x' }, ip: '::1', data: { title: 'T' } });
    const b = auditEntryOf({ type: 'document.purged', at: 2000, docId: 'd', actor: { kind: 'system' } });
    expect(a.id < b.id).toBe(true);
    expect(JSON.parse(auditLine(a))).toEqual({
      stream: 'audit',
      id: a.id,
      time: '1970-01-01T00:00:01.000Z',
      action: 'document.renamed',
      actor: { kind: 'account', id: 'u', name: 'Ada', email: 'a@x' },
      ip: '::1',
      userAgent: null,
      docId: 'd',
      data: { title: 'T' },
    });
    expect(JSON.parse(auditLine(b))).toMatchObject({ actor: { kind: 'system' }, ip: null, data: null });
    expect(auditLine(b).endsWith('}\n')).toBe(true);
  });
});
