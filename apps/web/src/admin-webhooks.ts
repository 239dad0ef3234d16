import { api, messageOf } from './api.js';
import { h, relativeTime } from './dom.js';

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  source: 'env' | 'api';
}
interface Delivery {
  id: string;
  endpointId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
}

/**
 * The admin page's Webhooks card: the receivers (the WEBHOOK_URL one read-only), adding one (its
 * signing secret shown once), test, enable/disable, remove, and the last deliveries with retry.
 */
export function webhooksSection(note: HTMLElement): HTMLElement {
  const list = h('tbody', { 'data-testid': 'webhooks' });
  const log = h('tbody', { 'data-testid': 'webhook-deliveries' });
  const url = h('input', { type: 'url', placeholder: 'https://hooks.example.com/tandem', 'aria-label': 'Receiver URL', required: true, 'data-testid': 'webhook-url' });
  const form = h('form', { class: 'invite-form' }, url, h('button', { class: 'button primary', type: 'submit' }, 'Add receiver'));
  const secret = h('div', { class: 'invite-result', 'data-testid': 'webhook-secret' });
  const table = (head: string[], body: HTMLElement) => h('table', { class: 'admin-table' }, h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))), body);
  const button = (label: string, testid: string, run: () => Promise<unknown>) => {
    const b = h('button', { class: 'button ghost small', type: 'button', 'data-testid': testid }, label);
    b.addEventListener('click', async () => {
      await run();
      await load();
    });
    return b;
  };
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await api(method, path, body);
    note.textContent = answer.ok ? '' : messageOf(answer);
    return answer;
  };

  const load = async () => {
    const [e, d] = await Promise.all([api<{ endpoints: Endpoint[] }>('GET', '/api/admin/webhooks'), api<{ deliveries: Delivery[] }>('GET', '/api/admin/webhooks/deliveries?limit=20')]);
    if (!e.ok) return;
    list.replaceChildren(
      ...e.json.endpoints.map((ep) =>
        h('tr', { class: ep.enabled ? '' : 'disabled' },
          h('td', {}, h('code', {}, ep.url)),
          h('td', {}, ep.events.join(', ')),
          h('td', {}, ep.source === 'env' ? 'WEBHOOK_URL' : ep.enabled ? 'On' : 'Off'),
          h('td', { class: 'actions' },
            button('Send test', `webhook-test-${ep.id}`, () => call('POST', `/api/admin/webhooks/${ep.id}/test`)),
            ep.source === 'api' ? button(ep.enabled ? 'Turn off' : 'Turn on', `webhook-toggle-${ep.id}`, () => call('PATCH', `/api/admin/webhooks/${ep.id}`, { enabled: !ep.enabled })) : null,
            ep.source === 'api' ? button('Remove', `webhook-remove-${ep.id}`, () => call('DELETE', `/api/admin/webhooks/${ep.id}`)) : null,
          ),
        ),
      ),
    );
    const urls = new Map(e.json.endpoints.map((ep) => [ep.id, ep.url]));
    log.replaceChildren(
      ...(d.json?.deliveries ?? []).map((dl) =>
        h('tr', { class: dl.status === 'failed' ? 'disabled' : '' },
          h('td', {}, dl.type),
          h('td', {}, h('code', {}, urls.get(dl.endpointId) ?? dl.endpointId)),
          h('td', {}, relativeTime(new Date(dl.createdAt).toISOString())),
          h('td', { title: dl.lastError ?? '' }, `${dl.status === 'delivered' ? 'Delivered' : dl.status === 'failed' ? 'Failed' : 'Retrying'}${dl.lastStatus ? ` (${dl.lastStatus})` : ''}${dl.lastError && dl.status !== 'delivered' ? `: ${dl.lastError}` : ''}`),
          h('td', {}, String(dl.attempts)),
          h('td', { class: 'actions' }, dl.status === 'delivered' ? null : button('Retry now', `webhook-retry-${dl.id}`, () => call('POST', `/api/admin/webhooks/deliveries/${dl.id}/retry`))),
        ),
      ),
    );
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answer = await call('POST', '/api/admin/webhooks', { url: url.value });
    if (!answer.ok) return;
    const field = h('input', { type: 'text', readonly: true, value: answer.json.secret, 'aria-label': 'Signing secret' });
    secret.replaceChildren(h('p', {}, 'The signing secret of this receiver, shown only now (see docs/api.md to verify signatures):'), h('div', { class: 'link-row' }, field));
    url.value = '';
    await load();
  });
  void load();
  return h('section', { class: 'card', 'data-testid': 'admin-webhooks' },
    h('h2', {}, 'Webhooks'),
    h('p', {}, 'Tandem sends signed events (document created, changed, deleted, restored; comments) to these receivers.'),
    table(['Receiver', 'Events', 'State', ''], list),
    h('h3', {}, 'Add a receiver'),
    form,
    secret,
    h('h3', {}, 'Last deliveries'),
    table(['Event', 'Receiver', 'When', 'Result', 'Attempts', ''], log),
  );
}
