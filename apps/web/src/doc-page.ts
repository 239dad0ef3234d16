import { createEditor, type EditorHandle } from '@tandem/editor';
import { isValidDocId } from './doc-id.js';
import { h } from './dom.js';
import { createHistoryPanel } from './history-panel.js';
import { brandMark } from './home.js';
import { loadIdentity, saveName } from './identity.js';
import { themeButton } from './theme.js';

/** The document page: shared title, share button, display name, and the editor. `fresh`: just created, so the title gets focus. */
export function renderDocPage(root: HTMLElement, docId: string, navigate: (path: string) => void, fresh = false): () => void {
  const home = h('a', { class: 'brand', href: '/', 'aria-label': 'Tandem home' }, brandMark(), h('span', { class: 'brand-name' }, 'Tandem'));
  home.addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate('/');
  });
  if (!isValidDocId(docId)) {
    document.title = 'Not a document · Tandem';
    root.replaceChildren(
      h('header', { class: 'site-header' }, home),
      h(
        'main',
        { class: 'home not-found' },
        h('h1', {}, 'This link is not a document'),
        h('p', { class: 'lede' }, 'Document links look like ', h('code', {}, '/d/meeting-notes'), ': letters, digits, ".", "_" and "-". Check the link you were given.'),
        h('p', {}, h('a', { class: 'button primary', href: '/' }, 'Go to your documents')),
      ),
    );
    return () => {};
  }

  let identity = loadIdentity();
  const title = h('input', { class: 'doc-title-input', type: 'text', placeholder: 'Untitled', 'aria-label': 'Document title', maxlength: '200', spellcheck: 'false' });
  const share = h('button', { class: 'button', type: 'button', 'data-testid': 'share' }, 'Share');
  const shareNote = h('span', { class: 'share-note', role: 'status', 'aria-live': 'polite' });
  const nameButton = h('button', { class: 'button name-button', type: 'button', 'aria-label': 'Change your display name', 'data-testid': 'name-button' });
  const nameInput = h('input', { type: 'text', maxlength: '60', 'aria-label': 'Your display name', autocomplete: 'nickname' });
  const nameForm = h('form', { class: 'name-form', hidden: true }, nameInput, h('button', { class: 'button primary', type: 'submit' }, 'Save'));
  const mount = h('div', { class: 'editor-mount' });
  const notice = h('div', { class: 'doc-notice', role: 'status', hidden: true });
  const history = createHistoryPanel({ docId, mount, author: () => identity.name });

  root.replaceChildren(
    h(
      'header',
      { class: 'site-header doc-header' },
      home,
      title,
      h('div', { class: 'header-actions' }, shareNote, history.button, share, nameButton, nameForm, themeButton()),
    ),
    h('main', { class: 'doc-main' }, notice, mount),
    history.panel,
  );

  const showName = () => {
    nameButton.replaceChildren(h('span', { class: 'dot', style: `background:${identity.color}` }), h('span', { class: 'label' }, identity.name));
  };
  showName();

  // a link may carry an access token (`/d/<id>?token=...`): the editor sends it to the server
  const token = new URLSearchParams(location.search).get('token') ?? undefined;
  const editor: EditorHandle = createEditor(mount, {
    doc: docId,
    token,
    user: { name: identity.name, color: identity.color },
    label: 'Document body',
  });
  // the editor's bar sticks right under the header, whatever height the header wraps to
  const header = root.querySelector('.site-header') as HTMLElement;
  const barTop = new ResizeObserver(() => mount.style.setProperty('--tandem-bar-top', `${header.offsetHeight}px`));
  barTop.observe(header);

  // a link to a document the server does not know is said so, not silently a blank document
  if (!fresh) {
    void fetch(`/api/docs/${encodeURIComponent(docId)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((res) => {
        if (res.status !== 404 || editor.doc.getXmlFragment('prosemirror').length > 0) return;
        notice.replaceChildren(
          h('strong', {}, 'No document at this link yet. '),
          'Check the link for a typo, or start writing to create ',
          h('code', {}, docId),
          '. ',
          h('a', { href: '/' }, 'Your documents'),
        );
        notice.hidden = false;
        const hide = () => {
          if (editor.doc.getXmlFragment('prosemirror').length === 0) return;
          notice.hidden = true;
          editor.doc.off('update', hide);
        };
        editor.doc.on('update', hide);
      })
      .catch(() => {});
  }

  const offStatus = editor.onStatus((status) => {
    const viewOnly = status.role === 'viewer' || status.role === 'commenter';
    title.readOnly = viewOnly;
    document.body.dataset.docState = status.state;
  });

  const showTitle = (value: string) => {
    if (document.activeElement !== title) title.value = value;
    document.title = `${value.trim() || 'Untitled'} · Tandem`;
  };
  const offTitle = editor.onTitle(showTitle);
  showTitle(editor.getTitle());
  title.addEventListener('input', () => {
    editor.setTitle(title.value);
    document.title = `${title.value.trim() || 'Untitled'} · Tandem`;
  });
  title.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      editor.view.focus();
    }
  });
  title.addEventListener('blur', () => showTitle(editor.getTitle()));

  let noteTimer: ReturnType<typeof setTimeout> | undefined;
  share.addEventListener('click', async () => {
    const link = location.href;
    let text = 'Link copied';
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      text = 'Copy this link: ' + link;
    }
    shareNote.textContent = text;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(() => (shareNote.textContent = ''), 2500);
  });

  nameButton.addEventListener('click', () => {
    nameForm.hidden = false;
    nameButton.hidden = true;
    nameInput.value = identity.name;
    nameInput.focus();
    nameInput.select();
  });
  const closeName = () => {
    nameForm.hidden = true;
    nameButton.hidden = false;
  };
  nameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    identity = saveName(nameInput.value);
    editor.setUser({ name: identity.name, color: identity.color });
    showName();
    closeName();
    nameButton.focus();
  });
  nameInput.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeName();
  });

  // expose for debugging and tests
  (window as unknown as { tandemEditor?: EditorHandle }).tandemEditor = editor;
  if (fresh) title.focus();

  return () => {
    clearTimeout(noteTimer);
    offTitle();
    offStatus();
    barTop.disconnect();
    delete document.body.dataset.docState;
    history.destroy();
    editor.destroy();
    delete (window as unknown as { tandemEditor?: EditorHandle }).tandemEditor;
  };
}
