import { api } from '../api.js';
import { h, relativeTime } from '../dom.js';
import './comments.css';

/** One notification as the server lists it. */
interface NotificationItem {
  id: string;
  kind: 'mention';
  docId: string;
  threadId: string;
  actorName: string;
  excerpt: string;
  createdAt: number;
  readAt: number | null;
}

const POLL_MS = 30_000;

function bellIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('comment-icon');
  svg.innerHTML = '<path d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M10 20.5a2 2 0 0 0 4 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>';
  return svg;
}

/**
 * The signed-in person's notifications in the header: a bell with the unread count, and a list
 * (who mentioned them, where, when); opening one goes to its thread and marks it read.
 */
export function notificationsBell(navigate: (path: string) => void): HTMLElement {
  const count = h('span', { class: 'count', 'data-testid': 'notifications-unread' });
  const button = h('button', { class: 'button notifications-button', type: 'button', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-label': 'Notifications', title: 'Notifications', 'data-testid': 'notifications-button' }, bellIcon(), count);
  const markAll = h('button', { class: 'link-button', type: 'button', 'data-testid': 'notifications-read-all' }, 'Mark all read');
  const list = h('ul', { class: 'notifications-list', 'data-testid': 'notifications-list' });
  const panel = h('div', { class: 'menu notifications-menu', role: 'dialog', 'aria-label': 'Notifications', hidden: true }, h('div', { class: 'notifications-head' }, h('strong', {}, 'Notifications'), markAll), list);
  const wrap = h('div', { class: 'account notifications' }, button, panel);

  const show = (unread: number) => {
    count.textContent = unread ? String(unread) : '';
    button.setAttribute('aria-label', unread ? `Notifications, ${unread} unread` : 'Notifications');
  };
  const load = async () => {
    const answer = await api<{ notifications: NotificationItem[]; unread: number }>('GET', '/api/notifications').catch(() => null);
    if (!answer?.ok) return;
    show(answer.json.unread);
    list.replaceChildren(
      ...(answer.json.notifications.length
        ? answer.json.notifications.map((n) => {
            const item = h(
              'li',
              { class: n.readAt ? 'notification' : 'notification is-unread', 'data-testid': 'notification' },
              h('button', { type: 'button' }, h('strong', {}, n.actorName), ' mentioned you', h('span', { class: 'notification-excerpt' }, n.excerpt), h('span', { class: 'comment-time' }, relativeTime(new Date(n.createdAt).toISOString()))),
            );
            item.querySelector('button')!.addEventListener('click', async () => {
              panel.hidden = true;
              await api('POST', '/api/notifications/read', { ids: [n.id] }).catch(() => null);
              void load();
              navigate(`/d/${encodeURIComponent(n.docId)}#comment-${n.threadId}`);
            });
            return item;
          })
        : [h('li', { class: 'comments-empty' }, 'Nothing new. Mentions of you in comments show here.')]),
    );
  };
  markAll.addEventListener('click', async () => {
    await api('POST', '/api/notifications/read', { all: true }).catch(() => null);
    void load();
  });
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) void load();
  });
  document.addEventListener('click', (e) => {
    if (!wrap.contains(e.target as Node)) panel.hidden = true;
  });
  void load();
  const timer = setInterval(() => {
    if (!wrap.isConnected) clearInterval(timer);
    else if (document.visibilityState === 'visible') void load();
  }, POLL_MS);
  return wrap;
}
