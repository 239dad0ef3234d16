import { createEditor, type EditorHandle } from '@tandem/editor';
import { accountMenu } from './account-menu.js';
import { type Answer, api, type Me, recall, remember, setShareSecret } from './api.js';
import { CONTENT_FRAGMENT } from '@tandem/document';
import { isValidDocId } from './doc-id.js';
import { h } from './dom.js';
import { createHistoryPanel } from './history-panel.js';
import { brandMark } from './home.js';
import { loadIdentity, saveName } from './identity.js';
import { themeButton } from './theme.js';
import { fullRender, fullRenderButton } from './full-render.js';
import { openShareDialog } from './share-dialog.js';
import { commentsPlugin, createCommentsUi } from './comments/comments-panel.js';

/** Why the page lost its connection for good, by close code (see packages/protocol close-codes). */
const LOST: Record<number, string> = {
  4401: 'You were signed out, so this document closed. Sign in again to keep working.',
  4403: 'Your access to this document was removed (or its share link was changed).',
  4404: 'This document was deleted.',
};

/**
 * The document page: shared title, share button, display name, and the editor. `fresh`: just
 * created, so the title gets focus. In accounts mode the page first asks the server for the
 * person's role: viewers and commenters get a read-only editor marked "View only", owners the
 * share dialog; nobody else sees anything of the document.
 */
export function renderDocPage(root: HTMLElement, docId: string, navigate: (path: string) => void, fresh = false, me?: Me): () => void {
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
  const share = new URLSearchParams(location.search).get('share');
  setShareSecret(share);
  if (me?.mode !== 'accounts') return showDocument(root, home, docId, navigate, fresh, null, null, null);

  let cleanup: () => void = () => {};
  let gone = false;
  const load = async () => {
    const roleKey = `tandem.role:${docId}`;
    let answer: Answer<{ role: string }>;
    try {
      answer = await api<{ role: string }>('GET', `/api/docs/${encodeURIComponent(docId)}/access`);
    } catch {
      // Offline: the role last seen here (the server checks again when it is back).
      const known = recall<string>(roleKey);
      answer = known ? { ok: true, status: 200, json: { role: known } } : { ok: false, status: 0, json: null as never };
    }
    if (gone) return;
    if (!answer.ok) {
      cleanup = showRefusal(root, home, answer.status, me, navigate);
      return;
    }
    remember(roleKey, answer.json.role);
    cleanup = showDocument(root, home, docId, navigate, fresh, answer.json.role, me, share, () => {
      cleanup();
      void load(); // access changed (4409): ask again and show the page for the new role
    });
  };
  void load();
  return () => {
    gone = true;
    cleanup();
    setShareSecret(null);
  };
}

/** The page shown instead of a document the visitor may not open (the same whether or not it exists). */
function showRefusal(root: HTMLElement, home: HTMLElement, status: number, me: Me, navigate: (path: string) => void): () => void {
  document.title = 'No access · Tandem';
  const signIn = h('a', { class: 'button primary', href: `/signin?next=${encodeURIComponent(location.pathname + location.search)}`, 'data-testid': 'refusal-signin' }, 'Sign in');
  signIn.addEventListener('click', (e) => {
    e.preventDefault();
    navigate(signIn.getAttribute('href')!);
  });
  const anonymous = status === 401 || !me.user;
  if (status === 0) {
    root.replaceChildren(h('header', { class: 'site-header' }, home), h('main', { class: 'home', 'data-testid': 'no-access' }, h('h1', {}, 'Offline'), h('p', { class: 'lede' }, 'The server cannot be reached and this document was not opened on this device before.')));
    return () => {};
  }
  root.replaceChildren(
    h('header', { class: 'site-header' }, home, me.user ? h('div', { class: 'header-actions push' }, accountMenu(me, navigate)) : null),
    h(
      'main',
      { class: 'home', 'data-testid': 'no-access' },
      h('h1', {}, anonymous ? 'Sign in to open this document' : 'You have no access to this document'),
      h('p', { class: 'lede' }, anonymous ? 'Documents on this server are private. Sign in, or ask its owner for a link.' : `Signed in as ${me.user!.email}. Ask the document's owner to share it with you.`),
      anonymous ? signIn : null,
    ),
  );
  return () => {};
}

/** The document itself, for `role` (null: open mode, where everyone edits). */
function showDocument(
  root: HTMLElement,
  home: HTMLElement,
  docId: string,
  navigate: (path: string) => void,
  fresh: boolean,
  role: string | null,
  me: Me | null,
  shareSecret: string | null,
  onAccessChanged: () => void = () => {},
): () => void {
  const viewOnly = role === 'viewer' || role === 'commenter';
  let identity = loadIdentity();
  if (me?.user) identity = { ...identity, name: me.user.name };
  const title = h('input', { class: 'doc-title-input', type: 'text', placeholder: 'Untitled', 'aria-label': 'Document title', maxlength: '200', spellcheck: 'false' });
  const share = h('button', { class: 'button', type: 'button', 'data-testid': 'share' }, 'Share');
  const badge = viewOnly ? h('span', { class: 'badge', 'data-testid': 'view-only', title: role === 'commenter' ? 'You can read this document and comment, not change its text' : 'You can read this document, not change it' }, 'View only') : null;
  const banner = h('div', { class: 'banner', role: 'alert', hidden: true, 'data-testid': 'access-lost' });
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
      h('div', { class: 'header-actions' }, badge, shareNote, history.button, share, me?.user ? accountMenu(me, navigate) : nameButton, me?.user ? null : nameForm, fullRenderButton(), themeButton()),
    ),
    banner,
    h('main', { class: 'doc-main' }, notice, mount),
    history.panel,
  );

  const showName = () => {
    nameButton.replaceChildren(h('span', { class: 'dot', style: `background:${identity.color}` }), h('span', { class: 'label' }, identity.name));
  };
  showName();

  if (viewOnly) title.readOnly = true;
  // a link may carry an access token (`/d/<id>?token=...`): the editor sends it to the server
  const token = new URLSearchParams(location.search).get('token') ?? undefined;
  const highlights = commentsPlugin();
  const editor: EditorHandle = createEditor(mount, {
    plugins: [highlights.plugin],
    doc: docId,
    token,
    user: { name: identity.name, color: identity.color },
    label: 'Document body',
    readOnly: viewOnly,
    viewportWindow: !fullRender(),
    ...(shareSecret ? { share: shareSecret } : {}),
    ...(me?.user ? { identity: me.user.id } : {}),
  });
  const comments = createCommentsUi({
    editor,
    docId,
    role,
    user: me?.user ? { id: me.user.id, name: me.user.name } : null,
    name: () => identity.name,
    highlights: highlights.highlights,
    ...(token ? { token } : {}),
    ...(shareSecret ? { share: shareSecret } : {}),
  });
  mount.after(comments.column);
  mount.parentElement!.classList.add('with-comments');
  history.button.before(comments.button);
  // the editor's bar sticks right under the header, whatever height the header wraps to
  const header = root.querySelector('.site-header') as HTMLElement;
  const barTop = new ResizeObserver(() => mount.style.setProperty('--tandem-bar-top', `${header.offsetHeight}px`));
  barTop.observe(header);

  // a link to a document the server does not know is said so, not silently a blank document
  if (!fresh) {
    void fetch(`/api/docs/${encodeURIComponent(docId)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((res) => {
        if (res.status !== 404 || editor.doc.getXmlFragment(CONTENT_FRAGMENT).length > 0) return;
        notice.replaceChildren(
          h('strong', {}, 'No document at this link yet. '),
          'Check the link for a typo, or start writing to create ',
          h('code', {}, docId),
          '. ',
          h('a', { href: '/' }, 'Your documents'),
        );
        notice.hidden = false;
        const hide = () => {
          if (editor.doc.getXmlFragment(CONTENT_FRAGMENT).length === 0) return;
          notice.hidden = true;
          editor.doc.off('update', hide);
        };
        editor.doc.on('update', hide);
      })
      .catch(() => {});
  }

  const onClose = (event: { code: number } | null) => {
    const code = event?.code ?? 0;
    if (code === 4409) return onAccessChanged();
    const why = LOST[code];
    if (!why) return;
    editor.provider.disconnect();
    editor.setReadOnly(true);
    banner.textContent = why;
    banner.hidden = false;
  };
  editor.provider.on('connection-close', onClose);
  const offStatus = editor.onStatus((status) => {
    title.readOnly = viewOnly || status.role === 'viewer' || status.role === 'commenter';
    document.body.dataset.docState = status.state;
  });

  // the field is bound to the collaborative title; the tab's name follows it
  const unbindTitle = editor.bindTitle(title);
  const showTitle = (value: string) => {
    document.title = `${value.trim() || 'Untitled'} · Tandem`;
  };
  const offTitle = editor.onTitle(showTitle);
  showTitle(editor.getTitle());
  title.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      editor.view.focus();
    }
  });

  let noteTimer: ReturnType<typeof setTimeout> | undefined;
  share.addEventListener('click', async () => {
    if (role === 'owner') {
      document.body.append(openShareDialog(docId));
      return;
    }
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
    editor.provider.off('connection-close', onClose);
    clearTimeout(noteTimer);
    offTitle();
    unbindTitle();
    offStatus();
    barTop.disconnect();
    delete document.body.dataset.docState;
    history.destroy();
    comments.destroy();
    editor.destroy();
    delete (window as unknown as { tandemEditor?: EditorHandle }).tandemEditor;
  };
}
