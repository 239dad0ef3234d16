import { CONTENT_FRAGMENT } from '@tandem/document';
import { inputRules } from 'prosemirror-inputrules';
import { EditorState, Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { type AccessInfo, type Role, roleAtLeast } from '@tandem/protocol';
import { yCursorPlugin, ySyncPlugin, yUndoPlugin, yUndoPluginKey } from 'y-prosemirror';
import { IndexeddbPersistence } from 'y-indexeddb';
import { removeAwarenessStates } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterPaint } from './after-paint.js';
import { openFileQueue } from './file-queue.js';
import { createFindBar } from './find-bar.js';
import { linkBubble } from './link-bubble.js';
import { pasteRules } from './paste-rules.js';
import { buildInputRules } from './input-rules.js';
import { createMedia } from './media-plugin.js';
import { AttachmentView, ImageView, type MediaViewContext } from './media-views.js';
import { createRichToolbar } from './rich-toolbar.js';
import { tablePlugins } from './tables.js';
import { buildKeymaps } from './keymap.js';
import { listen } from './listen.js';
import { placeholderPlugin } from './placeholder.js';
import { buildCursor, buildSelection, createPresenceList, listPresence } from './presence.js';
import { schema } from './schema.js';
import { connectionPolicy, shouldReconnect, type TokenSource } from './connection.js';
import { holdAnswerPieces } from './first-answer.js';
import { outboxSocketClass } from './outbox.js';
import { othersOnly } from './remote-awareness.js';
import { observeRestores } from './restore-boundary.js';
import { type EditorStatus, type StatusState, trackStatus } from './status.js';
import { storageIdentity, storageName } from './storage-key.js';
import { adoptStyles } from './styles.js';
import { syncUrl } from './sync-url.js';
import { TaskItemView } from './task-item-view.js';
import { getTitle, observeTitle, setTitle } from './title.js';
import { bindTitleInput } from './title-input.js';
import { createToolbar, type Toolbar } from './toolbar.js';
import { viewportWindow } from './viewport-window.js';
import { createWordCount } from './word-count.js';
import { changeReporter, contentMethods, type ContentMethods } from './content-api.js';
import { EditorEvents, type EditorEventMap, type EditorEventName } from './editor-events.js';
import { exposeParts } from './parts.js';
import { type EditorUser, normalizeUser } from './user.js';

/** Name of the Y.XmlFragment holding the document; every integration must bind this same type. */
export const FRAGMENT_NAME = CONTENT_FRAGMENT;

/** Options of `createEditor`. Only `doc` is required. */
export interface EditorOptions {
  /** Document id (1-128 of `[A-Za-z0-9._-]`, not only dots: `isValidDocId` of @tandem/document). */
  doc: string;
  /** Tandem server base URL (`https://docs.example.com`); defaults to the page's origin. */
  server?: string;
  /**
   * Access token, sent as the `token` query parameter of the socket: a string, or a function
   * returning one (or a promise of one), called before every connection and again when the
   * token expired (4408), so a page can refresh it without remounting.
   */
  token?: TokenSource;
  /**
   * Who is signed in (a user id), to keep this person's local copy apart from anyone else's in
   * the same browser. Without it the token's subject and role are used.
   */
  identity?: string;
  /** Share-link secret (the `share` of a `/d/<id>?share=...` link), sent as the socket's `share` parameter. */
  share?: string;
  /** Who is editing, shown to the others. */
  user?: EditorUser;
  /** Show the document without letting this user change it. */
  readOnly?: boolean;
  /** Keep a copy in IndexedDB so edits survive reloads while offline (default: true where IndexedDB exists). */
  offline?: boolean;
  /** Show the formatting toolbar, status and presence bar (default: true). */
  toolbar?: boolean;
  /**
   * Paint only the blocks near the viewport in a large document (default: true; see
   * viewport-window.ts). `false` shows every block, so the browser's find (Ctrl+F) and screen
   * readers see the whole document, at the cost of slower typing in very large documents.
   */
  viewportWindow?: boolean;
  /** Text shown while the document is empty (change it with `setPlaceholder`). */
  placeholder?: string;
  /** Accessible name of the editing area (default: "Document"). */
  label?: string;
  /** Called when the status changes (`status.state` is one of StatusState). */
  onStatus?: (status: EditorStatus) => void;
  /** Called after every change of the document, local or remote. */
  onChange?: (change: EditorChange) => void;
  /** WebSocket constructor to use instead of the global one (tests, Node). */
  WebSocket?: typeof WebSocket;
  /** More ProseMirror plugins, after the editor's own (e.g. comment highlights). */
  plugins?: Plugin[];
}

/** Passed to `onChange`. */
export interface EditorChange {
  /** True when this editor made the change, false when it came from the server. */
  local: boolean;
  doc: Y.Doc;
}

/** A mounted editor. `destroy()` removes everything it created. */
export interface EditorHandle extends ContentMethods {
  readonly docId: string;
  readonly view: EditorView;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** The IndexedDB copy, or null when offline persistence is off (or not opened yet: a token function is pending). */
  readonly persistence: IndexeddbPersistence | null;
  readonly status: EditorStatus;
  /** Calls `listener` on every status change (each `state` also as an event); returns the unsubscribe function. */
  onStatus(listener: (status: EditorStatus) => void): () => void;
  /** Asks the token function for a new token and reconnects (e.g. after signing in again). */
  refreshToken(): void;
  /** Uses another token or token function from now on and reconnects, without remounting. */
  setToken(token: TokenSource | undefined): void;
  /** Calls `fn` on `change` (with the changed range), `status`, `presence` or `error`; returns the unsubscribe function. */
  on<K extends EditorEventName>(event: K, fn: (payload: EditorEventMap[K]) => void): () => void;
  /** Changes the empty-document hint in place. */
  setPlaceholder(text: string): void;
  /** Shows or hides the toolbar, status and presence bar. */
  setToolbar(visible: boolean): void;
  setUser(user: EditorUser): void;
  setReadOnly(readOnly: boolean): void;
  /** The shared document title. */
  getTitle(): string;
  /** Replaces the title (only the characters that differ), when this editor may write. */
  setTitle(title: string): void;
  /**
   * Binds a text field to the collaborative title: typing there merges with others' typing,
   * their changes appear with your caret kept in place. Returns the function that unbinds.
   */
  bindTitle(input: HTMLInputElement | HTMLTextAreaElement): () => void;
  /** Calls `listener` when anyone changes the title; returns the unsubscribe function. */
  onTitle(listener: (title: string) => void): () => void;
  /** Resolves once the local IndexedDB copy (if any) has loaded. */
  whenLoaded(): Promise<void>;
  destroy(): void;
}

const FINAL_TEXT: Partial<Record<StatusState, [string, string]>> = {
  'no-access': ['No access', 'You do not have access to this document.'],
  'signed-out': ['Signed out', 'Sign in again to keep editing. Changes made here are kept on this device.'],
  'token-expired': ['Session expired', 'Your access expired. Reload to continue; changes made here are kept on this device.'],
  deleted: ['Deleted', 'This document was deleted.'],
  'too-large': ['Too large to save', 'A change here is too large for the server to store. Undo it or split it up.'],
};

/** [state, short text, longer tooltip] of the status line. */
const statusText = (s: EditorStatus, canWrite: boolean): [string, string, string] => {
  const final = FINAL_TEXT[s.state];
  if (final) return [s.state, final[0], final[1]];
  if (!canWrite && s.connection === 'connected') return [s.state, 'View only', 'You can read this document but not change it.'];
  if (s.connection === 'offline') {
    return s.saved
      ? ['offline', 'Offline', 'Offline: reconnecting. Everything made here was saved.']
      : ['offline', 'Offline · changes kept on this device', 'Offline: changes are kept on this device and sent when the connection is back.'];
  }
  if (s.connection === 'connecting') return ['connecting', 'Connecting…', 'Connecting to the server…'];
  return s.saved ? ['saved', 'Saved', 'Connected. Every change is saved on the server.'] : ['saving', 'Saving…', 'Connected. Saving changes…'];
};

/**
 * Mounts a collaborative editor into `element`: ProseMirror bound to the shared document `doc`
 * on a Tandem server, with toolbar, presence, status and offline persistence.
 */
export function createEditor(element: HTMLElement, options: EditorOptions): EditorHandle {
  const server = options.server ?? globalThis.location?.origin;
  if (!server) throw new RangeError('createEditor: `server` is required outside a browser page');
  if (!options.doc) throw new RangeError('createEditor: `doc` (the document id) is required');
  const wsUrl = syncUrl(server);
  const ownerDocument = element.ownerDocument;
  const rootNode = element.getRootNode();
  const inShadow = rootNode.nodeType === 11 && 'host' in rootNode; // a ShadowRoot, in any realm
  const releaseStyles = adoptStyles(inShadow ? (rootNode as ShadowRoot) : ownerDocument);
  let readOnly = options.readOnly ?? false;
  /** The role the server gave (null until its access frame): without write access nothing is editable. */
  let role: Role | null = null;
  const canWrite = () => role === null || roleAtLeast(role, 'editor');
  const editable = () => !readOnly && canWrite();
  let destroyed = false;
  const events = new EditorEvents();
  let placeholder = options.placeholder ?? 'Start writing…';

  const doc = new Y.Doc();
  let tracker: ReturnType<typeof trackStatus> | null = null;
  const onAccess = (access: AccessInfo) => {
    if (destroyed) return; // an access frame that arrives while the socket closes
    role = access.role;
    rememberRole(access.role);
    view.setProps({});
    applyEditable();
    tracker?.setRole(access.role);
  };
  const Socket = outboxSocketClass(options.WebSocket ?? globalThis.WebSocket, {
    access: (access) => onAccess(access),
    tooLarge: () => {
      provider.disconnect();
      tracker?.fail('too-large');
    },
    received: () => tracker?.alive(),
  });
  const provider = new WebsocketProvider(wsUrl, options.doc, doc, {
    connect: false,
    disableBc: true,
    params: {
      ...(typeof options.token === 'string' && options.token ? { token: options.token } : {}),
      ...(options.share ? { share: options.share } : {}),
    },
    WebSocketPolyfill: Socket,
    shouldReconnect,
  });
  // a large document's sync answer (pieces, then the step 2) in one transaction, not one per piece
  const heldPieces = holdAnswerPieces(provider);
  const useIdb = (options.offline ?? true) && typeof indexedDB !== 'undefined';
  let persistence: IndexeddbPersistence | null = null;
  let roleKey = '';
  /** Opens the local copy of this document for this identity (once the first token is known). */
  const openPersistence = (token: string | undefined) => {
    const name = storageName(wsUrl, options.doc, storageIdentity(token, options.identity));
    roleKey = `tandem.role:${name}`;
    // the role last seen for this copy, so a reload while offline shows the right editability
    const remembered = readStorage(roleKey);
    if (role === null && remembered && ['viewer', 'commenter', 'editor', 'owner'].includes(remembered)) role = remembered as Role;
    if (useIdb && !persistence && !destroyed) persistence = new IndexeddbPersistence(name, doc);
  };
  const rememberRole = (value: Role) => writeStorage(roleKey, value);
  let loaded!: () => void;
  const loadedOnce = new Promise<void>((resolve) => (loaded = resolve));

  const root = ownerDocument.createElement('div');
  root.className = 'tandem-editor';
  const bar = ownerDocument.createElement('div');
  bar.className = 'tandem-bar';
  const meta = ownerDocument.createElement('div');
  meta.className = 'tandem-meta';
  const statusEl = ownerDocument.createElement('span');
  statusEl.className = 'tandem-status';
  statusEl.setAttribute('role', 'status');
  statusEl.setAttribute('aria-live', 'polite');
  const surface = ownerDocument.createElement('div');
  surface.className = 'tandem-surface';
  root.append(bar, surface);
  if (options.toolbar === false) bar.hidden = true;

  const statusListeners = new Set<(status: EditorStatus) => void>();
  const showStatus = (status: EditorStatus) => {
    const [state, text, tooltip] = statusText(status, canWrite());
    statusEl.dataset.state = state;
    statusEl.dataset.connection = status.connection;
    statusEl.dataset.role = status.role ?? '';
    statusEl.textContent = text;
    statusEl.title = tooltip;
  };
  let policy: ReturnType<typeof connectionPolicy> | null = null;
  let lastState = '';
  tracker = trackStatus(
    provider,
    doc,
    (status) => {
      showStatus(status);
      options.onStatus?.(status);
      events.emit('status', status);
      if (FINAL_TEXT[status.state] && status.state !== lastState) events.emit('error', { kind: 'access', message: FINAL_TEXT[status.state]![1] });
      lastState = status.state;
      for (const listener of statusListeners) listener(status);
    },
    () => policy?.reconnect(),
  );
  policy = connectionPolicy({
    provider,
    server,
    doc: options.doc,
    token: options.token,
    fail: (state) => tracker!.fail(state),
    resume: () => tracker!.resume(),
  });
  showStatus(tracker.status);

  const awareness = provider.awareness;
  awareness.setLocalStateField('user', normalizeUser(options.user));
  // With a token known now, the socket opens before the view is built: the server loads the room
  // while this page builds the editor (a large document's first render waits on both). Nothing
  // it sends is handled before this function returns.
  if (typeof options.token !== 'function') {
    openPersistence(options.token || undefined);
    policy.start();
  }

  let toolbar: Toolbar | null = null;
  let richToolbar: Toolbar | null = null;
  const wordCountEl = ownerDocument.createElement('span');
  wordCountEl.className = 'tandem-word-count';
  const wordCount = createWordCount(wordCountEl);
  // toolbar states and the word count follow a keystroke's frame, not delay it (a large document)
  const barUpdate = afterPaint(ownerDocument.defaultView, () => {
    if (destroyed) return;
    toolbar?.update(view.state);
    richToolbar?.update(view.state);
    wordCount.update(view.state.doc);
  });
  const toolbarPlugin = new Plugin({ view: () => ({ update: () => barUpdate.schedule() }) });
  const uploadError = ownerDocument.createElement('span');
  uploadError.className = 'tandem-upload-error';
  uploadError.setAttribute('role', 'alert');
  let uploadErrorTimer: ReturnType<typeof setTimeout> | undefined;
  const files: MediaViewContext = {
    target: {
      server,
      doc: options.doc,
      /** The socket's current token (a token function's latest answer), sent with uploads and file URLs. */
      get token() {
        const token = provider.params.token;
        return typeof token === 'string' && token ? token : undefined;
      },
    },
    queue: openFileQueue(),
    local: new Map(),
  };
  const media = createMedia({
    schema,
    ...files,
    onError: (message) => {
      events.emit('error', { kind: 'upload', message });
      uploadError.textContent = message;
      clearTimeout(uploadErrorTimer);
      uploadErrorTimer = setTimeout(() => (uploadError.textContent = ''), 8000);
    },
  });
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  const find = createFindBar(root);
  const state = EditorState.create({
    schema,
    plugins: [
      ySyncPlugin(fragment),
      yCursorPlugin(othersOnly(awareness), { cursorBuilder: buildCursor, selectionBuilder: buildSelection }),
      yUndoPlugin(),
      inputRules({ rules: buildInputRules(schema) }),
      ...tablePlugins(schema),
      media.plugin,
      pasteRules(schema),
      linkBubble(schema),
      ...find.plugins,
      ...buildKeymaps(schema),
      placeholderPlugin(() => placeholder),
      ...(options.viewportWindow === false ? [] : [viewportWindow()]),
      toolbarPlugin,
      changeReporter((change) => events.emit('change', change)),
      ...(options.plugins ?? []),
    ],
  });
  const view: EditorView = new EditorView(surface, {
    state,
    editable: () => editable(),
    // y-prosemirror may dispatch from a timer after the view is gone (cursor metadata); drop those
    dispatchTransaction(this: unknown, tr) {
      const self = this as EditorView; // ProseMirror calls this bound to the view, also during construction
      if (!self.isDestroyed) self.updateState(self.state.apply(tr));
    },
    nodeViews: {
      task_item: (node, v, getPos) => new TaskItemView(node, v, getPos),
      image: (node, v, getPos) => new ImageView(node, v, getPos, files),
      attachment: (node, v) => new AttachmentView(node, v, files),
    },
    attributes: () => ({
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': options.label ?? 'Document',
      'aria-readonly': String(!editable()),
      spellcheck: 'true',
    }),
  });
  const bound = createToolbar(view, schema);
  toolbar = bound;
  const rich = createRichToolbar(view, schema, media);
  richToolbar = rich;
  /** Shows or hides the formatting buttons with the editability (status and avatars stay). */
  const applyEditable = () => {
    bound.dom.hidden = !editable();
    rich.dom.hidden = !editable();
    root.classList.toggle('tandem-readonly', !editable());
    bound.update(view.state);
    rich.update(view.state);
    showStatus(tracker!.status);
  };
  const stopRestores = observeRestores(doc, () => {
    yUndoPluginKey.getState(view.state)?.undoManager.clear();
  });
  const presence = createPresenceList(awareness);
  const onPresence = () => events.emit('presence', listPresence(awareness));
  awareness.on('change', onPresence);
  meta.append(uploadError, find.button, wordCountEl, statusEl, presence.dom);
  wordCount.update(view.state.doc);
  bar.append(bound.dom, rich.dom, meta, find.dom);
  exposeParts({ editor: root, toolbar: bar, status: statusEl, presence: presence.dom, 'word-count': wordCountEl, surface, content: view.dom });
  const onProviderStatus = ({ status }: { status: string }) => {
    if (status === 'connected') media.kick(view);
  };
  provider.on('status', onProviderStatus);

  const onSurfaceMouseDown = (event: MouseEvent) => {
    if (event.target === surface) {
      event.preventDefault();
      view.focus();
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k' && !event.altKey && !event.shiftKey) {
      event.preventDefault();
      bound.openLinkForm();
    }
  };
  const unlisten = [listen(surface, 'mousedown', onSurfaceMouseDown), listen(view.dom as HTMLElement, 'keydown', onKeyDown)];
  const onUpdate = (_update: Uint8Array, origin: unknown) => options.onChange?.({ local: origin !== provider, doc });
  doc.on('update', onUpdate);

  element.append(root);
  applyEditable();
  if (typeof options.token === 'function') {
    // the local copy is keyed by who the token says this is: open it once the first token is known
    const source = options.token;
    void Promise.resolve()
      .then(() => source())
      .then(
        (first) => {
          openPersistence(first || undefined);
          if (first) provider.params.token = first;
        },
        (err: unknown) => {
          events.emit('error', { kind: 'token', message: `the token function failed: ${String(err)}` });
          openPersistence(undefined);
        },
      )
      .then(() => {
        applyEditable();
        loaded();
        if (!destroyed) provider.connect();
      });
  } else {
    applyEditable();
    loaded();
  }

  const handle: EditorHandle = {
    ...contentMethods(view, editable),
    on: (event, fn) => events.on(event, fn),
    setToken: (token) => policy!.setToken(token),
    setPlaceholder(text) {
      placeholder = text;
      view.dispatch(view.state.tr.setMeta('tandem-placeholder', text));
    },
    setToolbar(visible) {
      bar.hidden = !visible;
    },
    docId: options.doc,
    view,
    doc,
    provider,
    get persistence() {
      return persistence;
    },
    get status() {
      return tracker!.status;
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    refreshToken: () => policy!.refresh(),
    setUser(user) {
      awareness.setLocalStateField('user', normalizeUser(user));
    },
    setReadOnly(value) {
      readOnly = value;
      view.setProps({});
      applyEditable();
    },
    getTitle: () => getTitle(doc),
    setTitle: (title) => {
      if (editable()) setTitle(doc, title);
    },
    bindTitle: (input) => bindTitleInput(doc, input, { editable }),
    onTitle: (listener) => observeTitle(doc, listener),
    whenLoaded: async () => {
      await loadedOnce;
      if (persistence) await persistence.whenSynced;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      removeAwarenessStates(awareness, [doc.clientID], 'destroy');
      for (const off of unlisten) off();
      doc.off('update', onUpdate);
      tracker!.destroy();
      policy!.destroy();
      stopRestores();
      statusListeners.clear();
      awareness.off('change', onPresence);
      events.clear();
      bound.destroy();
      rich.destroy();
      find.destroy();
      wordCount.destroy();
      barUpdate.cancel();
      provider.off('status', onProviderStatus);
      clearTimeout(uploadErrorTimer);
      presence.destroy();
      view.destroy();
      heldPieces.release();
      provider.destroy();
      void persistence?.destroy();
      doc.destroy();
      root.remove();
      releaseStyles();
    },
  };
  return handle;
}

/** localStorage, where it exists and works (private modes may refuse). */
function readStorage(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // not kept: the next load learns the role from the server again
  }
}
