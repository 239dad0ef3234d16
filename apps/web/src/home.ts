import { accountMenu } from './account-menu.js';
import { api, type Me, messageOf } from './api.js';
import { newDocId, parseDocInput } from './doc-id.js';
import { h, relativeTime } from './dom.js';

/** A document as the recent-documents API lists it. */
interface RecentDoc {
  id: string;
  title: string;
  preview: string;
  updatedAt: string;
  /** The signed-in person's role on it (owner in open mode). */
  role?: string;
}

/** The home page's views of the recent list: everything, what others shared, what I own. */
const TABS = [
  { key: 'recent', label: 'Recent', keep: (_d: RecentDoc) => true },
  { key: 'shared', label: 'Shared with me', keep: (d: RecentDoc) => d.role !== 'owner' },
  { key: 'mine', label: 'Mine', keep: (d: RecentDoc) => d.role === 'owner' },
] as const;

/**
 * Home page: create a document, open one by id or link, list recent documents. Signed in (accounts
 * mode) it lists only what the person may open, as Recent / Shared with me / Mine, and a new
 * document is created on the server first, so it is theirs.
 */
export function renderHome(root: HTMLElement, navigate: (path: string, state?: { fresh?: boolean }) => void, me?: Me): () => void {
  document.title = 'Tandem';
  const accounts = me?.mode === 'accounts' && me.user !== null;
  const create = h('button', { class: 'button primary', type: 'button', 'data-testid': 'new-doc' }, 'New document');
  create.addEventListener('click', async () => {
    if (!accounts) return navigate(`/d/${newDocId()}`, { fresh: true });
    create.disabled = true;
    const answer = await api('POST', '/api/docs', {});
    create.disabled = false;
    if (!answer.ok) {
      error.textContent = messageOf(answer, 'The document could not be created');
      return;
    }
    navigate(`/d/${encodeURIComponent(answer.json.id)}`, { fresh: true });
  });

  const input = h('input', { type: 'text', name: 'doc', placeholder: 'Document id or link', 'aria-label': 'Document id or link', autocomplete: 'off', spellcheck: 'false' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const open = h('form', { class: 'open-form' }, input, h('button', { class: 'button', type: 'submit' }, 'Open'));
  open.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = parseDocInput(input.value);
    if (!id) {
      error.textContent = 'That is not a document id or link (ids use letters, digits, ".", "_" and "-").';
      return;
    }
    navigate(`/d/${encodeURIComponent(id)}`);
  });

  const list = h('ul', { class: 'doc-list', 'aria-busy': 'true', 'data-testid': 'recent' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', hidden: !accounts });
  const recent = h('section', { class: 'recent', 'aria-labelledby': 'recent-heading' }, h('h2', { id: 'recent-heading' }, accounts ? 'Your documents' : 'Recent documents'), tabs, list);

  root.replaceChildren(
    h('header', { class: 'site-header' }, h('a', { class: 'brand', href: '/' }, brandMark(), 'Tandem'), accounts ? h('div', { class: 'header-actions push' }, accountMenu(me!, navigate)) : null),
    h(
      'main',
      { class: 'home' },
      h(
        'section',
        { class: 'hero' },
        h('h1', {}, 'Write together, in real time.'),
        h('p', { class: 'lede' }, 'Start a document, share the link, and edit with others. Your work is saved on the server and kept on this device when you are offline.'),
        h('div', { class: 'hero-actions' }, create),
        open,
        error,
      ),
      recent,
    ),
  );

  const controller = new AbortController();
  void loadRecent(list, tabs, controller.signal, navigate);
  return () => controller.abort();
}

async function loadRecent(list: HTMLElement, tabs: HTMLElement, signal: AbortSignal, navigate: (path: string) => void): Promise<void> {
  try {
    const res = await fetch('/api/recent?limit=100', { signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const { docs: all } = (await res.json()) as { docs: RecentDoc[] };
    list.removeAttribute('aria-busy');
    let current: (typeof TABS)[number] = TABS[0];
    const show = () => {
      for (const b of tabs.children) b.setAttribute('aria-selected', String(b.getAttribute('data-tab') === current.key));
      fill(all.filter(current.keep));
    };
    tabs.replaceChildren(
      ...TABS.map((tab) => {
        const b = h('button', { type: 'button', role: 'tab', class: 'tab', 'data-tab': tab.key, 'data-testid': `tab-${tab.key}` }, `${tab.label} (${all.filter(tab.keep).length})`);
        b.addEventListener('click', () => {
          current = tab;
          show();
        });
        return b;
      }),
    );
    const fill = (docs: RecentDoc[]) => {
    if (docs.length === 0) {
      list.replaceChildren(h('li', { class: 'empty' }, current.key === 'shared' ? 'Nothing shared with you yet.' : 'No documents yet. Create one to get started.'));
      return;
    }
    list.replaceChildren(
      ...docs.slice(0, 20).map((doc) => {
        const link = h(
          'a',
          { href: `/d/${encodeURIComponent(doc.id)}` },
          h('span', { class: doc.title ? 'doc-title' : 'doc-title untitled' }, doc.title || doc.preview || 'Untitled'),
          h(
            'span',
            { class: 'doc-meta' },
            h('time', { datetime: doc.updatedAt }, doc.updatedAt.startsWith('1970') ? 'New' : `Edited ${relativeTime(doc.updatedAt)}`),
            doc.role && doc.role !== 'owner' && tabs.hidden === false ? h('span', { class: 'role-chip' }, ROLE_NAMES[doc.role] ?? doc.role) : null,
            h('code', {}, doc.id),
          ),
        );
        link.addEventListener('click', (event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          navigate(`/d/${encodeURIComponent(doc.id)}`);
        });
        return h('li', {}, link);
      }),
    );
    };
    show();
  } catch (err) {
    if (signal.aborted) return;
    list.removeAttribute('aria-busy');
    list.replaceChildren(h('li', { class: 'empty' }, `Recent documents could not be loaded (${err instanceof Error ? err.message : String(err)}).`));
  }
}

const ROLE_NAMES: Record<string, string> = { viewer: 'View only', commenter: 'Can comment', editor: 'Can edit' };

/** The small logo beside the product name. */
export function brandMark(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 32 32');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = '<rect width="32" height="32" rx="7" fill="currentColor"/><circle cx="12" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3"/><circle cx="20" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3" opacity=".75"/>';
  return svg;
}
