import { newDocId, parseDocInput } from './doc-id.js';
import { h, relativeTime } from './dom.js';

/** A document as the recent-documents API lists it. */
interface RecentDoc {
  id: string;
  title: string;
  preview: string;
  updatedAt: string;
}

/** Home page: create a document, open one by id or link, list recent documents. */
export function renderHome(root: HTMLElement, navigate: (path: string, state?: { fresh?: boolean }) => void): () => void {
  document.title = 'Tandem';
  const create = h('button', { class: 'button primary', type: 'button', 'data-testid': 'new-doc' }, 'New document');
  create.addEventListener('click', () => navigate(`/d/${newDocId()}`, { fresh: true }));

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
  const recent = h('section', { class: 'recent', 'aria-labelledby': 'recent-heading' }, h('h2', { id: 'recent-heading' }, 'Recent documents'), list);

  root.replaceChildren(
    h('header', { class: 'site-header' }, h('a', { class: 'brand', href: '/' }, brandMark(), 'Tandem')),
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
  void loadRecent(list, controller.signal, navigate);
  return () => controller.abort();
}

async function loadRecent(list: HTMLElement, signal: AbortSignal, navigate: (path: string) => void): Promise<void> {
  try {
    const res = await fetch('/api/recent?limit=20', { signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const { docs } = (await res.json()) as { docs: RecentDoc[] };
    list.removeAttribute('aria-busy');
    if (docs.length === 0) {
      list.replaceChildren(h('li', { class: 'empty' }, 'No documents yet. Create one to get started.'));
      return;
    }
    list.replaceChildren(
      ...docs.map((doc) => {
        const link = h(
          'a',
          { href: `/d/${encodeURIComponent(doc.id)}` },
          h('span', { class: doc.title ? 'doc-title' : 'doc-title untitled' }, doc.title || doc.preview || 'Untitled'),
          h('span', { class: 'doc-meta' }, h('time', { datetime: doc.updatedAt }, `Edited ${relativeTime(doc.updatedAt)}`), h('code', {}, doc.id)),
        );
        link.addEventListener('click', (event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          navigate(`/d/${encodeURIComponent(doc.id)}`);
        });
        return h('li', {}, link);
      }),
    );
  } catch (err) {
    if (signal.aborted) return;
    list.removeAttribute('aria-busy');
    list.replaceChildren(h('li', { class: 'empty' }, `Recent documents could not be loaded (${err instanceof Error ? err.message : String(err)}).`));
  }
}

/** The small logo beside the product name. */
export function brandMark(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 32 32');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = '<rect width="32" height="32" rx="7" fill="currentColor"/><circle cx="12" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3"/><circle cx="20" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3" opacity=".75"/>';
  return svg;
}
