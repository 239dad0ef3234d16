import { createVersionDiff, type VersionDiff } from '@tandem/editor';
import './history-panel.css';
import { h, relativeTime } from './dom.js';
import {
  authorList,
  exportUrl,
  kindBadge,
  listVersions,
  nameVersion,
  currentState,
  restoreVersion,
  versionState,
  versionTime,
  versionTitle,
  type VersionInfo,
} from './versions-api.js';

/** What the history panel needs from the document page. */
export interface HistoryPanelOptions {
  docId: string;
  /** Where the live editor is mounted: hidden while a version is shown in its place. */
  mount: HTMLElement;
  /** The user's display name, recorded as the author of named versions and restores. */
  author: () => string;
}

/** The version history of one document: a header button, a side panel and a read-only preview. */
export interface HistoryPanel {
  /** The header button that opens and closes the panel. */
  readonly button: HTMLButtonElement;
  /** The side panel; place it in the page once. */
  readonly panel: HTMLElement;
  open(): Promise<void>;
  close(): void;
  destroy(): void;
}

function historyIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML =
    '<path d="M3 12a9 9 0 1 0 3-6.7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><path d="M3 4v4.5h4.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/><path d="M12 7.5V12l3 2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>';
  return svg;
}

const versionLine = (version: VersionInfo) => {
  const authors = authorList(version.authors);
  return authors ? `${versionTime(version.createdAt)} · ${authors}` : versionTime(version.createdAt);
};

const countsText = ({ added, removed }: { added: number; removed: number }) => {
  if (!added && !removed) return 'No changes since this version.';
  const chars = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
  return `Since this version: ${chars(added)} added, ${chars(removed)} removed.`;
};

/**
 * Builds the history panel: lists the document's versions (newest first), names the current
 * state as a version, downloads the document as Markdown or HTML, shows a selected version
 * read-only with the changes since then highlighted, and restores it.
 */
export function createHistoryPanel({ docId, mount, author }: HistoryPanelOptions): HistoryPanel {
  const button = h(
    'button',
    { class: 'button history-button', type: 'button', title: 'Version history', 'aria-expanded': 'false', 'aria-controls': 'history-panel', 'data-testid': 'history' },
    historyIcon(),
    h('span', { class: 'label' }, 'History'),
  );
  const heading = h('h2', { id: 'history-heading', tabindex: '-1' }, 'Version history');
  const closeButton = h('button', { class: 'icon-button', type: 'button', 'aria-label': 'Close version history' }, '×');
  const labelInput = h('input', { type: 'text', maxlength: '200', placeholder: 'Name this version', 'aria-label': 'Version name' });
  const saveButton = h('button', { class: 'button primary', type: 'submit' }, 'Save');
  const nameForm = h('form', { class: 'name-version' }, labelInput, saveButton);
  const note = h('p', { class: 'history-note', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'version-list', 'aria-label': 'Versions, newest first' });
  const download = (format: 'md' | 'html', text: string) =>
    h('a', { class: 'button', href: exportUrl(docId, format), download: '', 'data-format': format }, text);
  const panel = h(
    'aside',
    { id: 'history-panel', class: 'history-panel', 'aria-labelledby': 'history-heading', hidden: true },
    h('header', { class: 'history-head' }, heading, closeButton),
    h(
      'section',
      { class: 'history-actions' },
      h('h3', {}, 'Name the current version'),
      nameForm,
      h('h3', {}, 'Download'),
      h('div', { class: 'downloads' }, download('md', 'Markdown'), download('html', 'HTML')),
    ),
    note,
    h('h3', { class: 'versions-heading' }, 'Versions'),
    list,
  );

  const preview = h('section', { class: 'version-preview', 'aria-label': 'Version preview', hidden: true });
  let versions: VersionInfo[] = [];
  let selected: string | null = null;
  let diff: VersionDiff | null = null;
  let load = 0; // the latest preview load; older ones are dropped when they finish

  const say = (text: string, error = false) => {
    note.textContent = text;
    note.classList.toggle('error', error);
  };
  const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

  const renderList = () => {
    if (versions.length === 0) {
      list.replaceChildren(h('li', { class: 'empty' }, 'No versions yet. Tandem keeps one when a burst of editing settles; you can also name the current state above.'));
      return;
    }
    list.replaceChildren(
      ...versions.map((version) => {
        const item = h(
          'button',
          {
            class: 'version-item',
            type: 'button',
            'aria-pressed': String(selected === version.id),
            'data-version-id': version.id,
            'data-kind': version.kind,
          },
          h('span', { class: 'version-title' }, versionTitle(version)),
          h('span', { class: `version-kind kind-${version.kind}` }, kindBadge(version.kind)),
          h(
            'span',
            { class: 'version-meta' },
            h('time', { datetime: new Date(version.createdAt).toISOString(), title: relativeTime(new Date(version.createdAt).toISOString()) }, versionTime(version.createdAt)),
            version.authors.length ? h('span', { class: 'version-authors' }, authorList(version.authors)) : null,
          ),
        );
        item.addEventListener('click', () => void show(version));
        return h('li', {}, item);
      }),
    );
  };

  const refresh = async () => {
    list.setAttribute('aria-busy', 'true');
    try {
      versions = await listVersions(docId);
      renderList();
    } catch (err) {
      say(`Could not load versions: ${message(err)}`, true);
    } finally {
      list.removeAttribute('aria-busy');
    }
  };

  const closePreview = () => {
    load++;
    diff?.destroy();
    diff = null;
    selected = null;
    preview.hidden = true;
    preview.replaceChildren();
    panel.classList.remove('previewing');
    mount.hidden = false;
    renderList();
  };

  const show = async (version: VersionInfo) => {
    const token = ++load;
    selected = version.id;
    renderList();
    const restore = h('button', { class: 'button primary', type: 'button', 'data-testid': 'restore-version' }, 'Restore this version');
    const back = h('button', { class: 'button', type: 'button' }, 'Back to the document');
    const counts = h('span', { class: 'preview-counts' }, 'Loading…');
    const body = h('div', { class: 'preview-body' });
    preview.replaceChildren(
      h(
        'div',
        { class: 'preview-bar' },
        h(
          'div',
          { class: 'preview-heading' },
          h('h2', {}, versionTitle(version), h('span', { class: 'read-only' }, 'Read-only')),
          h('p', { class: 'preview-meta' }, versionLine(version)),
        ),
        h('div', { class: 'preview-actions' }, restore, back),
        h(
          'p',
          { class: 'preview-legend' },
          h('ins', { 'data-ychange': 'added' }, 'added since'),
          h('del', { 'data-ychange': 'removed' }, 'removed since'),
          counts,
        ),
      ),
      body,
    );
    if (!preview.isConnected) mount.after(preview);
    preview.hidden = false;
    panel.classList.add('previewing'); // on narrow screens the preview takes the panel's place
    preview.dataset.state = 'loading';
    mount.hidden = true;
    back.addEventListener('click', closePreview);
    restore.addEventListener('click', () => void restoreShown(version, restore));
    try {
      const [before, after] = await Promise.all([versionState(docId, version.id), currentState(docId)]);
      if (token !== load) return;
      diff?.destroy();
      diff = createVersionDiff(body, { before, after, label: `Version: ${versionTitle(version)}` });
      await diff.rendered;
      if (token !== load) return;
      counts.textContent = countsText(diff.counts());
      preview.dataset.state = 'ready';
    } catch (err) {
      if (token !== load) return;
      counts.textContent = '';
      body.replaceChildren(h('p', { class: 'history-note error' }, `Could not show this version: ${message(err)}`));
      preview.dataset.state = 'error';
    }
  };

  const restoreShown = async (version: VersionInfo, restore: HTMLButtonElement) => {
    restore.disabled = true;
    restore.textContent = 'Restoring…';
    try {
      await restoreVersion(docId, version.id, author());
      closePreview();
      say(`Restored “${versionTitle(version)}”. The document as it was just before is kept as a version.`);
      await refresh();
    } catch (err) {
      restore.disabled = false;
      restore.textContent = 'Restore this version';
      say(`Could not restore: ${message(err)}`, true);
    }
  };

  nameForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    try {
      const version = await nameVersion(docId, labelInput.value.trim(), author());
      labelInput.value = '';
      say(`Saved “${versionTitle(version)}”.`);
      await refresh();
    } catch (err) {
      say(`Could not name this version: ${message(err)}`, true);
    } finally {
      saveButton.disabled = false;
    }
  });

  const open = async () => {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    heading.focus();
    say('');
    await refresh();
  };
  const close = () => {
    closePreview();
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', () => {
    if (panel.hidden) void open();
    else {
      close();
      button.focus();
    }
  });
  closeButton.addEventListener('click', () => {
    close();
    button.focus();
  });
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || panel.hidden) return;
    if (!preview.hidden) closePreview();
    else {
      close();
      button.focus();
    }
  };
  panel.addEventListener('keydown', onKey);
  preview.addEventListener('keydown', onKey);

  return {
    button,
    panel,
    open,
    close,
    destroy() {
      load++;
      diff?.destroy();
      diff = null;
      preview.remove();
      panel.remove();
    },
  };
}
