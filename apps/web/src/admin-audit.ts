import { api, messageOf } from './api.js';
import { h, relativeTime } from './dom.js';

/** One entry as GET /api/admin/audit answers it. */
interface AuditEntry {
  id: string;
  time: string;
  action: string;
  actor: { kind: string; id?: string; name?: string; email?: string };
  ip: string | null;
  userAgent: string | null;
  docId: string | null;
  data: Record<string, unknown> | null;
}

/** Families of actions the filter offers (the API takes any action or `family.*`). */
const ACTION_CHOICES: [string, string][] = [
  ['', 'Every action'],
  ['document.*', 'Documents (create, rename, delete, restore, purge)'],
  ['version.created', 'Named versions'],
  ['share.changed', 'Sharing and access'],
  ['export', 'Exports and downloads'],
  ['auth.*', 'Sign-ins and sign-outs'],
  ['auth.sign_in_failed', 'Failed sign-ins'],
  ['account.*', 'Accounts'],
  ['admin.*', 'Admin actions'],
];

/** Who an entry names, in words. */
function who(actor: AuditEntry['actor']): string {
  if (actor.kind === 'account') return actor.email ?? actor.name ?? actor.id ?? 'a person';
  if (actor.kind === 'token') return actor.id === 'admin' ? 'ADMIN_TOKEN' : `token ${actor.name ?? actor.id ?? ''}`.trim();
  if (actor.kind === 'share') return 'share link';
  if (actor.kind === 'system') return 'the server';
  return 'anonymous';
}

/** `data` in one short line: `key: value` pairs. */
function details(data: AuditEntry['data']): string {
  if (!data) return '';
  return Object.entries(data)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/**
 * The admin page's Audit log card: the newest entries of GET /api/admin/audit with filters (who,
 * document, kind of action, since a day), a page at a time ("Older").
 */
export function auditSection(note: HTMLElement): HTMLElement {
  const rows = h('tbody', { 'data-testid': 'audit-entries' });
  const actor = h('input', { type: 'search', placeholder: 'Who: email, name, id, anonymous', 'aria-label': 'Filter by who', 'data-testid': 'audit-actor' });
  const doc = h('input', { type: 'search', placeholder: 'Document id', 'aria-label': 'Filter by document', 'data-testid': 'audit-doc' });
  const action = h('select', { 'aria-label': 'Filter by action', 'data-testid': 'audit-action' }, ...ACTION_CHOICES.map(([value, label]) => h('option', { value }, label)));
  const since = h('input', { type: 'date', 'aria-label': 'Since', 'data-testid': 'audit-since' });
  const form = h('form', { class: 'invite-form audit-filters' }, actor, doc, action, since, h('button', { class: 'button primary', type: 'submit' }, 'Filter'));
  const older = h('button', { class: 'button ghost small', type: 'button', style: 'display: none', 'data-testid': 'audit-older' }, 'Older');
  const empty = h('p', { hidden: true, 'data-testid': 'audit-empty' }, 'Nothing recorded matches.');
  let next: string | null = null;

  const query = () => {
    const q = new URLSearchParams({ limit: '50' });
    if (actor.value.trim()) q.set('actor', actor.value.trim());
    if (doc.value.trim()) q.set('doc', doc.value.trim());
    if (action.value) q.set('action', action.value);
    if (since.value) q.set('since', since.value);
    return q;
  };
  const row = (e: AuditEntry) =>
    h('tr', { 'data-action': e.action },
      h('td', { title: e.time }, relativeTime(e.time), h('code', {}, e.time.replace('T', ' ').slice(0, 19))),
      h('td', {}, e.action),
      h('td', {}, who(e.actor), e.actor.kind === 'account' && e.actor.name ? h('code', {}, e.actor.name) : null),
      h('td', { title: e.userAgent ?? '' }, e.ip ?? '—'),
      h('td', {}, e.docId ? h('a', { href: `/d/${encodeURIComponent(e.docId)}` }, e.docId) : '—'),
      h('td', { class: 'audit-data' }, details(e.data)),
    );
  const load = async (more: boolean) => {
    const q = query();
    if (more && next) q.set('cursor', next);
    const answer = await api<{ entries: AuditEntry[]; next: string | null }>('GET', `/api/admin/audit?${q}`);
    if (!answer.ok) {
      note.textContent = messageOf(answer);
      return;
    }
    next = answer.json.next;
    const shown = answer.json.entries.map(row);
    if (more) rows.append(...shown);
    else rows.replaceChildren(...shown);
    older.style.display = next === null ? 'none' : ''; // .button sets display, which beats [hidden]
    empty.hidden = rows.children.length > 0;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load(false);
  });
  older.addEventListener('click', () => void load(true));
  void load(false);
  return h('section', { class: 'card', 'data-testid': 'admin-audit' },
    h('h2', {}, 'Audit log'),
    h('p', {}, 'Who created, renamed, deleted, shared and exported documents, signed in, and changed settings: newest first, kept for AUDIT_RETENTION_DAYS.'),
    form,
    h('table', { class: 'admin-table' }, h('thead', {}, h('tr', {}, ...['When', 'Action', 'Who', 'From', 'Document', 'Details'].map((t) => h('th', {}, t)))), rows),
    empty,
    older,
  );
}
