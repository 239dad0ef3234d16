import { api, type Me, messageOf, refreshMe } from './api.js';
import { h } from './dom.js';
import { notificationsBell } from './comments/notifications-bell.js';

/**
 * The signed-in person's menu in the header: their name, the admin page (admins), change
 * password, sign out here, sign out everywhere.
 */
export function accountMenu(me: Me, navigate: (path: string) => void): HTMLElement {
  const user = me.user!;
  const button = h('button', { class: 'button account-button', type: 'button', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'data-testid': 'account-menu' },
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, (user.name || user.email).slice(0, 1).toUpperCase()),
    h('span', { class: 'label' }, user.name || user.email),
  );
  const item = (label: string, testid: string, run: () => void) => {
    const b = h('button', { type: 'button', role: 'menuitem', 'data-testid': testid }, label);
    b.addEventListener('click', () => {
      close();
      run();
    });
    return b;
  };
  const signOut = async (everywhere: boolean) => {
    await api('POST', '/api/auth/signout', { everywhere });
    await refreshMe();
    navigate('/signin');
  };
  const menu = h('div', { class: 'menu', role: 'menu', hidden: true },
    h('div', { class: 'menu-who' }, h('strong', {}, user.name), h('span', {}, user.email)),
    user.admin ? item('Admin', 'menu-admin', () => navigate('/admin')) : null,
    item('Change password', 'menu-password', () => document.body.append(passwordDialog())),
    item('Sign out', 'menu-signout', () => void signOut(false)),
    item('Sign out everywhere', 'menu-signout-all', () => void signOut(true)),
  );
  const wrap = h('div', { class: 'account' }, button, menu);
  const bell = notificationsBell(navigate);
  const close = () => {
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
    button.setAttribute('aria-expanded', String(!menu.hidden));
  });
  document.addEventListener('click', (e) => {
    if (!wrap.contains(e.target as Node)) close();
  });
  return h('div', { class: 'account-group' }, bell, wrap);
}

/** A modal dialog with a title, content and a close button; removed from the page when closed. */
export function dialog(title: string, testid: string, ...content: (Node | string)[]): HTMLDialogElement {
  const closeButton = h('button', { class: 'button ghost', type: 'button', 'aria-label': 'Close', 'data-testid': `${testid}-close` }, '×');
  const d = h('dialog', { class: 'dialog', 'data-testid': testid }, h('div', { class: 'dialog-head' }, h('h2', {}, title), closeButton), ...content);
  closeButton.addEventListener('click', () => d.close());
  d.addEventListener('close', () => d.remove());
  queueMicrotask(() => d.showModal());
  return d;
}

function passwordDialog(): HTMLDialogElement {
  const current = h('input', { type: 'password', autocomplete: 'current-password', 'data-testid': 'password-current' });
  const next = h('input', { type: 'password', autocomplete: 'new-password', minlength: '8', required: true, 'data-testid': 'password-next' });
  const note = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'auth-form' },
    h('label', { class: 'field' }, h('span', {}, 'Current password'), current),
    h('label', { class: 'field' }, h('span', {}, 'New password (at least 8 characters)'), next),
    note,
    h('button', { class: 'button primary wide', type: 'submit', 'data-testid': 'password-save' }, 'Change password'),
  );
  const d = dialog('Change password', 'password-dialog', form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answer = await api('POST', '/api/auth/password', { current: current.value, password: next.value });
    if (!answer.ok) {
      note.textContent = messageOf(answer);
      return;
    }
    note.className = 'form-ok';
    note.textContent = 'Password changed.';
    setTimeout(() => d.close(), 900);
  });
  return d;
}
