import { accountMenu } from './account-menu.js';
import { api, type Me, messageOf } from './api.js';
import { h, relativeTime } from './dom.js';
import { brandMark } from './home.js';
import { webhooksSection } from './admin-webhooks.js';
import { auditSection } from './admin-audit.js';

interface AdminUser {
  id: string;
  email: string;
  name: string;
  admin: boolean;
  disabled: boolean;
  createdAt: string;
}
interface AdminDoc {
  id: string;
  title: string;
  owner: string | null;
  size: number;
  updatedAt: string;
  deletedAt: string | null;
}

const kib = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);

/** The admin page: people (disable, make admin), documents (owner, size, trash), sign-up policy, server invites, webhooks, the audit log. */
export function renderAdminPage(root: HTMLElement, me: Me, navigate: (path: string) => void): () => void {
  document.title = 'Admin · Tandem';
  const home = h('a', { class: 'brand', href: '/' }, brandMark(), 'Tandem');
  home.addEventListener('click', (e) => {
    e.preventDefault();
    navigate('/');
  });
  const note = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'admin-error' });
  const policy = h('select', { 'data-testid': 'signup-policy', 'aria-label': 'Who may sign up' },
    h('option', { value: 'invite' }, 'Anyone with an invite (people share documents by email)'),
    h('option', { value: 'open' }, 'Anyone who can reach this server'),
    h('option', { value: 'closed' }, 'Only people an admin invites'),
  );
  const inviteEmail = h('input', { type: 'email', placeholder: 'name@example.com', 'aria-label': 'Email to invite', required: true, 'data-testid': 'admin-invite-email' });
  const inviteForm = h('form', { class: 'invite-form' }, inviteEmail, h('button', { class: 'button primary', type: 'submit' }, 'Invite'));
  const inviteResult = h('div', { class: 'invite-result' });
  const users = h('tbody', { 'data-testid': 'admin-users' });
  const docs = h('tbody', { 'data-testid': 'admin-docs' });

  const table = (head: string[], body: HTMLElement) => h('table', { class: 'admin-table' }, h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))), body);
  root.replaceChildren(
    h('header', { class: 'site-header' }, home, h('div', { class: 'header-actions push' }, accountMenu(me, navigate))),
    h('main', { class: 'admin' },
      h('h1', {}, 'Admin'),
      note,
      h('section', { class: 'card' }, h('h2', {}, 'Sign-up'), h('label', { class: 'field' }, h('span', {}, 'Who may create an account'), policy), h('h3', {}, 'Invite someone to this server'), inviteForm, inviteResult),
      h('section', { class: 'card' }, h('h2', {}, 'People'), table(['Name', 'Email', 'Joined', 'Role', ''], users)),
      h('section', { class: 'card' }, h('h2', {}, 'Documents'), table(['Title', 'Owner', 'Size', 'Edited', 'State', ''], docs)),
      webhooksSection(note),
      auditSection(note),
    ),
  );

  const load = async () => {
    const [settings, u, dl] = await Promise.all([api('GET', '/api/admin/settings'), api<{ users: AdminUser[] }>('GET', '/api/admin/users'), api<{ docs: AdminDoc[] }>('GET', '/api/admin/docs')]);
    if (!u.ok) {
      note.textContent = messageOf(u);
      return;
    }
    policy.value = settings.json?.signup ?? 'invite';
    users.replaceChildren(
      ...u.json.users.map((user) => {
        const self = user.id === me.user?.id;
        const toggleAdmin = h('button', { class: 'button small', type: 'button', disabled: self, 'data-testid': `admin-toggle-${user.email}` }, user.admin ? 'Remove admin' : 'Make admin');
        toggleAdmin.addEventListener('click', () => void change(user.id, { admin: !user.admin }));
        const toggleDisabled = h('button', { class: 'button ghost small', type: 'button', disabled: self, 'data-testid': `disable-${user.email}` }, user.disabled ? 'Enable' : 'Disable');
        toggleDisabled.addEventListener('click', () => void change(user.id, { disabled: !user.disabled }));
        return h('tr', { class: user.disabled ? 'disabled' : '' },
          h('td', {}, user.name),
          h('td', {}, user.email),
          h('td', {}, relativeTime(user.createdAt)),
          h('td', {}, user.disabled ? 'Disabled' : user.admin ? 'Admin' : 'Member'),
          h('td', { class: 'actions' }, toggleAdmin, toggleDisabled),
        );
      }),
    );
    docs.replaceChildren(
      ...(dl.json?.docs ?? []).map((doc) => {
        const action = h('button', { class: 'button ghost small', type: 'button' }, doc.deletedAt ? 'Restore' : 'Move to trash');
        action.addEventListener('click', async () => {
          const path = `/api/docs/${encodeURIComponent(doc.id)}${doc.deletedAt ? '/restore' : ''}`;
          const answer = await api(doc.deletedAt ? 'POST' : 'DELETE', path);
          if (!answer.ok) note.textContent = messageOf(answer);
          await load();
        });
        const title = h('a', { href: `/d/${encodeURIComponent(doc.id)}` }, doc.title || 'Untitled');
        return h('tr', { class: doc.deletedAt ? 'disabled' : '' },
          h('td', {}, title, h('code', {}, doc.id)),
          h('td', {}, doc.owner ?? '—'),
          h('td', {}, kib(doc.size)),
          h('td', {}, relativeTime(doc.updatedAt)),
          h('td', {}, doc.deletedAt ? 'In the trash' : 'Active'),
          h('td', { class: 'actions' }, action),
        );
      }),
    );
  };
  const change = async (id: string, body: Record<string, boolean>) => {
    const answer = await api('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, body);
    note.textContent = answer.ok ? '' : messageOf(answer);
    await load();
  };
  policy.addEventListener('change', async () => {
    const answer = await api('PUT', '/api/admin/settings', { signup: policy.value });
    note.textContent = answer.ok ? '' : messageOf(answer);
  });
  inviteForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answer = await api('POST', '/api/admin/invites', { email: inviteEmail.value });
    if (!answer.ok) {
      note.textContent = messageOf(answer);
      return;
    }
    const field = h('input', { type: 'text', readonly: true, value: answer.json.url, 'aria-label': 'Invite link' });
    inviteResult.replaceChildren(h('p', {}, `Send ${inviteEmail.value} this invite link:`), h('div', { class: 'link-row' }, field));
    inviteEmail.value = '';
  });
  void load();
  return () => {};
}
