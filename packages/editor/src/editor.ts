import { inputRules } from 'prosemirror-inputrules';
import { EditorState, Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import { IndexeddbPersistence } from 'y-indexeddb';
import { removeAwarenessStates } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openFileQueue } from './file-queue.js';
import { buildInputRules } from './input-rules.js';
import { createMedia } from './media-plugin.js';
import { AttachmentView, ImageView, type MediaViewContext } from './media-views.js';
import { createRichToolbar } from './rich-toolbar.js';
import { tablePlugins } from './tables.js';
import { buildKeymaps } from './keymap.js';
import { listen } from './listen.js';
import { placeholderPlugin } from './placeholder.js';
import { buildCursor, buildSelection, createPresenceList } from './presence.js';
import { schema } from './schema.js';
import { type EditorStatus, trackStatus } from './status.js';
import { adoptStyles } from './styles.js';
import { syncUrl } from './sync-url.js';
import { TaskItemView } from './task-item-view.js';
import { getTitle, observeTitle, setTitle } from './title.js';
import { createToolbar, type Toolbar } from './toolbar.js';
import { type EditorUser, normalizeUser } from './user.js';

/** Name of the Y.XmlFragment holding the document; every integration must bind this same type. */
export const FRAGMENT_NAME = 'prosemirror';

/** Options of `createEditor`. Only `doc` is required. */
export interface EditorOptions {
  /** Document id (1-128 of `[A-Za-z0-9._-]`). */
  doc: string;
  /** Tandem server base URL (`https://docs.example.com`); defaults to the page's origin. */
  server?: string;
  /** Access token, sent as the `token` query parameter of the socket. */
  token?: string;
  /** Who is editing, shown to the others. */
  user?: EditorUser;
  /** Show the document without letting this user change it. */
  readOnly?: boolean;
  /** Keep a copy in IndexedDB so edits survive reloads while offline (default: true where IndexedDB exists). */
  offline?: boolean;
  /** Show the formatting toolbar, status and presence bar (default: true). */
  toolbar?: boolean;
  /** Text shown while the document is empty. */
  placeholder?: string;
  /** Accessible name of the editing area (default: "Document"). */
  label?: string;
  /** Called when the connection or save state changes. */
  onStatus?: (status: EditorStatus) => void;
  /** Called after every change of the document, local or remote. */
  onChange?: (change: EditorChange) => void;
  /** WebSocket constructor to use instead of the global one (tests, Node). */
  WebSocket?: typeof WebSocket;
}

/** Passed to `onChange`. */
export interface EditorChange {
  /** True when this editor made the change, false when it came from the server. */
  local: boolean;
  doc: Y.Doc;
}

/** A mounted editor. `destroy()` removes everything it created. */
export interface EditorHandle {
  readonly docId: string;
  readonly view: EditorView;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** The IndexedDB copy, or null when offline persistence is off. */
  readonly persistence: IndexeddbPersistence | null;
  readonly status: EditorStatus;
  setUser(user: EditorUser): void;
  setReadOnly(readOnly: boolean): void;
  /** The shared document title. */
  getTitle(): string;
  setTitle(title: string): void;
  /** Calls `listener` when anyone changes the title; returns the unsubscribe function. */
  onTitle(listener: (title: string) => void): () => void;
  /** Resolves once the local IndexedDB copy (if any) has loaded. */
  whenLoaded(): Promise<void>;
  destroy(): void;
}

/** [state, short text, longer tooltip] of the status line. */
const statusText = (s: EditorStatus): [string, string, string] => {
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
  let destroyed = false;

  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, options.doc, doc, {
    connect: false,
    disableBc: true,
    params: options.token ? { token: options.token } : {},
    ...(options.WebSocket ? { WebSocketPolyfill: options.WebSocket } : {}),
  });
  const useIdb = (options.offline ?? true) && typeof indexedDB !== 'undefined';
  const persistence = useIdb ? new IndexeddbPersistence(`tandem:${wsUrl}:${options.doc}`, doc) : null;

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

  const showStatus = (status: EditorStatus) => {
    const [state, text, tooltip] = statusText(status);
    statusEl.dataset.state = state;
    statusEl.dataset.connection = status.connection;
    statusEl.textContent = text;
    statusEl.title = tooltip;
  };
  const tracker = trackStatus(provider, doc, (status) => {
    showStatus(status);
    options.onStatus?.(status);
  });
  showStatus(tracker.status);

  const awareness = provider.awareness;
  awareness.setLocalStateField('user', normalizeUser(options.user));

  let toolbar: Toolbar | null = null;
  let richToolbar: Toolbar | null = null;
  const toolbarPlugin = new Plugin({
    view: () => ({
      update: (view) => {
        toolbar?.update(view.state);
        richToolbar?.update(view.state);
      },
    }),
  });
  const uploadError = ownerDocument.createElement('span');
  uploadError.className = 'tandem-upload-error';
  uploadError.setAttribute('role', 'alert');
  let uploadErrorTimer: ReturnType<typeof setTimeout> | undefined;
  const files: MediaViewContext = {
    target: { server, doc: options.doc, ...(options.token ? { token: options.token } : {}) },
    queue: openFileQueue(),
    local: new Map(),
  };
  const media = createMedia({
    schema,
    ...files,
    onError: (message) => {
      uploadError.textContent = message;
      clearTimeout(uploadErrorTimer);
      uploadErrorTimer = setTimeout(() => (uploadError.textContent = ''), 8000);
    },
  });
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  const state = EditorState.create({
    schema,
    plugins: [
      ySyncPlugin(fragment),
      yCursorPlugin(awareness, { cursorBuilder: buildCursor, selectionBuilder: buildSelection }),
      yUndoPlugin(),
      inputRules({ rules: buildInputRules(schema) }),
      ...tablePlugins(schema),
      media.plugin,
      ...buildKeymaps(schema),
      placeholderPlugin(options.placeholder ?? 'Start writing…'),
      toolbarPlugin,
    ],
  });
  const view: EditorView = new EditorView(surface, {
    state,
    editable: () => !readOnly,
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
      'aria-readonly': String(readOnly),
      spellcheck: 'true',
    }),
  });
  const bound = createToolbar(view, schema);
  toolbar = bound;
  const rich = createRichToolbar(view, schema, media);
  richToolbar = rich;
  const presence = createPresenceList(awareness);
  meta.append(uploadError, statusEl, presence.dom);
  bar.append(bound.dom, rich.dom, meta);
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
  provider.connect();

  const handle: EditorHandle = {
    docId: options.doc,
    view,
    doc,
    provider,
    persistence,
    get status() {
      return tracker.status;
    },
    setUser(user) {
      awareness.setLocalStateField('user', normalizeUser(user));
    },
    setReadOnly(value) {
      readOnly = value;
      view.setProps({});
      bound.update(view.state);
      rich.update(view.state);
    },
    getTitle: () => getTitle(doc),
    setTitle: (title) => {
      if (!readOnly) setTitle(doc, title);
    },
    onTitle: (listener) => observeTitle(doc, listener),
    whenLoaded: async () => {
      if (persistence) await persistence.whenSynced;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      removeAwarenessStates(awareness, [doc.clientID], 'destroy');
      for (const off of unlisten) off();
      doc.off('update', onUpdate);
      tracker.destroy();
      bound.destroy();
      rich.destroy();
      provider.off('status', onProviderStatus);
      clearTimeout(uploadErrorTimer);
      presence.destroy();
      view.destroy();
      provider.destroy();
      void persistence?.destroy();
      doc.destroy();
      root.remove();
      releaseStyles();
    },
  };
  return handle;
}
