import { dialog } from './account-menu.js';
import { api, messageOf } from './api.js';
import { h } from './dom.js';

/** GET /api/docs/:id/access. */
interface Access {
  role: string;
  owner: { id: string; email: string; name: string } | null;
  members: { userId: string; email: string; name: string; role: string }[];
  pending: { email: string; role: string; inviteUrl?: string }[];
  link: { role: string | null; url?: string };
}

const ROLE_LABEL: Record<string, string> = { viewer: 'Can view', commenter: 'Can comment', editor: 'Can edit', owner: 'Owner' };

function roleSelect(value: string, roles: string[], testid: string): HTMLSelectElement {
  const select = h('select', { 'data-testid': testid, 'aria-label': 'Role' });
  for (const role of roles) select.append(h('option', { value: role, selected: role === value }, ROLE_LABEL[role] ?? role));
  return select;
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    window.prompt('Copy this link', text);
  }
  setTimeout(() => (button.textContent = 'Copy link'), 1500);
}

/**
 * The share dialog of a document's owner: invite people by email with a role (an invite link to
 * copy for those without an account), change or remove roles, and link sharing (off, or anyone
 * with the link can view / comment / edit; copy; rotate to revoke the old link).
 */
export function openShareDialog(docId: string): HTMLDialogElement {
  const base = `/api/docs/${encodeURIComponent(docId)}/access`;
  const note = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'share-error' });
  const email = h('input', { type: 'email', placeholder: 'name@example.com', 'aria-label': 'Email to invite', required: true, 'data-testid': 'invite-email' });
  const inviteRole = roleSelect('editor', ['viewer', 'commenter', 'editor'], 'invite-role');
  const inviteForm = h('form', { class: 'invite-form' }, email, inviteRole, h('button', { class: 'button primary', type: 'submit', 'data-testid': 'invite-send' }, 'Invite'));
  const inviteResult = h('div', { class: 'invite-result', 'data-testid': 'invite-result' });
  const people = h('ul', { class: 'people', 'data-testid': 'share-people' });
  const linkSection = h('div', { class: 'link-section', 'data-testid': 'share-link' });
  const d = dialog('Share', 'share-dialog',
    inviteForm, inviteResult, note,
    h('h3', {}, 'People with access'), people,
    h('h3', {}, 'Link sharing'), linkSection,
  );

  const run = async (method: string, path: string, body?: unknown) => {
    note.textContent = '';
    const answer = await api(method, path, body);
    if (!answer.ok) note.textContent = messageOf(answer);
    await load();
    return answer;
  };

  const load = async () => {
    const answer = await api<Access>('GET', base);
    if (!answer.ok) {
      note.textContent = messageOf(answer);
      return;
    }
    const access = answer.json;
    people.replaceChildren(
      ...access.members.map((m) => {
        const isOwnerRow = m.role === 'owner' && access.members.filter((x) => x.role === 'owner').length === 1;
        const select = roleSelect(m.role, ['viewer', 'commenter', 'editor', 'owner'], `role-${m.email}`);
        select.disabled = isOwnerRow;
        select.addEventListener('change', () => void run('PATCH', `${base}/members/${encodeURIComponent(m.userId)}`, { role: select.value }));
        const remove = h('button', { class: 'button ghost small', type: 'button', 'data-testid': `remove-${m.email}`, 'aria-label': `Remove ${m.email}` }, 'Remove');
        remove.disabled = isOwnerRow;
        remove.addEventListener('click', () => void run('DELETE', `${base}/members/${encodeURIComponent(m.userId)}`));
        return h('li', {}, h('span', { class: 'who' }, h('strong', {}, m.name), h('span', {}, m.email)), select, remove);
      }),
      ...access.pending.map((p) => {
        const copyButton = h('button', { class: 'button small', type: 'button' }, 'Copy link');
        copyButton.addEventListener('click', () => void copy(p.inviteUrl ?? '', copyButton));
        const cancel = h('button', { class: 'button ghost small', type: 'button', 'aria-label': `Cancel the invite to ${p.email}` }, 'Cancel');
        cancel.addEventListener('click', () => void run('DELETE', `${base}/invites/${encodeURIComponent(p.email)}`));
        return h('li', { class: 'pending' }, h('span', { class: 'who' }, h('strong', {}, p.email), h('span', {}, `Invited · ${ROLE_LABEL[p.role] ?? p.role}`)), p.inviteUrl ? copyButton : null, cancel);
      }),
    );
    const linkRole = roleSelect(access.link.role ?? 'off', ['off', 'viewer', 'commenter', 'editor'], 'link-role');
    linkRole.options[0]!.textContent = 'Off: only people added above';
    for (const option of [...linkRole.options].slice(1)) option.textContent = `Anyone with the link: ${option.textContent!.toLowerCase()}`;
    linkRole.addEventListener('change', () => void run('PUT', `${base}/link`, { role: linkRole.value === 'off' ? null : linkRole.value }));
    const parts: Node[] = [linkRole];
    if (access.link.url) {
      const url = h('input', { type: 'text', readonly: true, value: access.link.url, 'aria-label': 'Share link', 'data-testid': 'link-url' });
      const copyButton = h('button', { class: 'button', type: 'button', 'data-testid': 'link-copy' }, 'Copy link');
      copyButton.addEventListener('click', () => void copy(access.link.url!, copyButton));
      const rotate = h('button', { class: 'button ghost', type: 'button', 'data-testid': 'link-rotate', title: 'Make a new link; the old one stops working' }, 'New link');
      rotate.addEventListener('click', () => void run('POST', `${base}/link/rotate`));
      parts.push(h('div', { class: 'link-row' }, url, copyButton, rotate));
    }
    linkSection.replaceChildren(...parts);
  };

  inviteForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answer = await run('POST', `${base}/members`, { email: email.value, role: inviteRole.value });
    if (!answer.ok) return;
    email.value = '';
    if (answer.json.pending) {
      const url = answer.json.pending.inviteUrl as string;
      const field = h('input', { type: 'text', readonly: true, value: url, 'aria-label': 'Invite link', 'data-testid': 'invite-url' });
      const copyButton = h('button', { class: 'button', type: 'button' }, 'Copy link');
      copyButton.addEventListener('click', () => void copy(url, copyButton));
      inviteResult.replaceChildren(
        h('p', {}, answer.json.pending.sent ? `Invite mailed to ${answer.json.pending.email}.` : `${answer.json.pending.email} has no account yet. Send them this invite link:`),
        h('div', { class: 'link-row' }, field, copyButton),
      );
    } else {
      inviteResult.replaceChildren(h('p', {}, `${answer.json.member.name} can now open this document.`));
    }
  });

  void load();
  return d;
}
