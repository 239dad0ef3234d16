import { createEditor, type EditorHandle } from './editor.js';
import { shimShadowRoot } from './shadow-shim.js';
import type { EditorStatus } from './status.js';
import type { TokenSource } from './connection.js';
import type { ContentChange, EditorError } from './editor-events.js';
import type { Presence } from './presence.js';

/** Detail of the `tandem-status` event. */
export type TandemStatusEvent = CustomEvent<EditorStatus & { doc: string }>;
/** Detail of the `tandem-change` event: the changed range in the new document. */
export type TandemChangeEvent = CustomEvent<ContentChange & { doc: string }>;
/** Detail of the `tandem-presence` event: everyone on the document, this user first. */
export type TandemPresenceEvent = CustomEvent<{ doc: string; people: Presence[] }>;
/** Detail of the `tandem-error` event. */
export type TandemErrorEvent = CustomEvent<EditorError & { doc: string }>;

const OBSERVED = ['server', 'doc', 'token', 'user-name', 'user-color', 'readonly', 'placeholder', 'toolbar', 'offline', 'viewport-window'] as const;
/** Attributes whose change needs a new editor (the others, `token` and `placeholder` included, apply in place). */
const RECONNECT = new Set(['server', 'doc', 'offline', 'viewport-window']);
/**
 * `toolbar="off"`/`"false"` hides the bar; `offline="off"`/`"false"` keeps no IndexedDB copy;
 * `viewport-window="off"`/`"false"` shows every block of a large document (find, screen readers).
 */
const isOff = (value: string | null) => value === 'off' || value === 'false';

let defaultServer: string | undefined;

/** HTMLElement where it exists; a stand-in elsewhere, so importing the package during SSR does not throw. */
const ElementBase = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * `<tandem-editor server="https://docs.example.com" doc="id" token="..." user-name="Ada">`:
 * the editor as a standard custom element. Attributes are live (a new `doc` switches documents
 * cleanly); it dispatches `tandem-status` (every change) and `tandem-<state>` (`tandem-saved`,
 * `tandem-offline`, `tandem-no-access`, ... when the state changes) and `tandem-change` events, all
 * bubbling and composed. Its styles live in a
 * shadow root, so the host page's CSS and the editor's never meet; theme it with `--tandem-*`
 * custom properties on the element.
 */
export class TandemEditorElement extends ElementBase {
  static readonly observedAttributes = OBSERVED;
  private handle: EditorHandle | null = null;
  /** The connection attributes the current editor was made with. */
  private mountedKey = '';
  private mount: HTMLDivElement | null = null;
  private pending = false;
  private tokenSource: (() => string | Promise<string>) | null = null;

  /**
   * A function giving a fresh token, called before every connection and when the token expired
   * (4408): set it to refresh tokens without remounting. It wins over the `token` attribute.
   */
  get tokenProvider(): (() => string | Promise<string>) | null {
    return this.tokenSource;
  }

  set tokenProvider(source: (() => string | Promise<string>) | null) {
    this.tokenSource = source;
    this.handle?.setToken(this.currentToken());
  }

  /** The mounted editor, or null while disconnected or without a `doc`. */
  get editor(): EditorHandle | null {
    return this.handle;
  }

  connectedCallback(): void {
    // a page may set tokenProvider before this script defined the element: take that value over
    if (Object.prototype.hasOwnProperty.call(this, 'tokenProvider')) {
      const early = (this as { tokenProvider: TandemEditorElement['tokenProvider'] }).tokenProvider;
      delete (this as { tokenProvider?: unknown }).tokenProvider;
      this.tokenSource = early;
    }
    if (!this.shadowRoot) {
      const shadow = this.attachShadow({ mode: 'open' });
      shimShadowRoot(shadow);
      const style = this.ownerDocument.createElement('style');
      style.textContent = ':host { display: block; } :host([hidden]) { display: none; } .tandem-mount { height: 100%; }';
      this.mount = this.ownerDocument.createElement('div');
      this.mount.className = 'tandem-mount';
      shadow.append(style, this.mount);
    }
    this.remount();
  }

  disconnectedCallback(): void {
    this.unmount();
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue || !this.isConnected || !this.shadowRoot) return;
    if (RECONNECT.has(name) || !this.handle) return this.scheduleRemount();
    if (name === 'readonly') this.handle.setReadOnly(newValue !== null && newValue !== 'false');
    else if (name === 'token') this.handle.setToken(this.currentToken());
    else if (name === 'placeholder') this.handle.setPlaceholder(newValue ?? 'Start writing…');
    else if (name === 'toolbar') this.handle.setToolbar(!isOff(newValue));
    else this.handle.setUser(this.user());
  }

  /** The token function when one is set, else the `token` attribute. */
  private currentToken(): TokenSource | undefined {
    return this.tokenSource ?? this.getAttribute('token') ?? undefined;
  }

  /** Dispatches a bubbling, composed `tandem-<name>` event (it crosses shadow roots to the page). */
  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(`tandem-${name}`, { detail, bubbles: true, composed: true }));
  }

  private user() {
    return { name: this.getAttribute('user-name') ?? '', color: this.getAttribute('user-color') ?? undefined };
  }

  /** Coalesces several attribute changes made together into one switch. */
  private scheduleRemount(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (this.isConnected) this.remount();
    });
  }

  private remount(): void {
    const key = [...RECONNECT].map((name) => this.getAttribute(name) ?? '').join('\n');
    if (this.handle && key === this.mountedKey) return;
    this.unmount();
    const doc = this.getAttribute('doc');
    if (!doc || !this.mount) return;
    this.mountedKey = key;
    const server = this.getAttribute('server') || defaultServer || this.ownerDocument.defaultView?.location.origin;
    const readonly = this.getAttribute('readonly');
    let lastState = '';
    try {
      this.handle = createEditor(this.mount, {
        doc,
        server,
        token: this.currentToken(),
        user: this.user(),
        readOnly: readonly !== null && readonly !== 'false',
        placeholder: this.getAttribute('placeholder') ?? undefined,
        toolbar: !isOff(this.getAttribute('toolbar')),
        offline: !isOff(this.getAttribute('offline')),
        viewportWindow: !isOff(this.getAttribute('viewport-window')),
        onStatus: (status) => {
          const detail = { ...status, doc };
          this.fire('status', detail);
          if (status.state !== lastState) {
            lastState = status.state;
            this.fire(status.state, detail);
          }
        },
      });
      this.handle.on('change', (change) => this.fire('change', { ...change, doc }));
      this.handle.on('presence', (people) => this.fire('presence', { doc, people }));
      this.handle.on('error', (error) => this.fire('error', { ...error, doc }));
    } catch (err) {
      console.error('<tandem-editor> could not start:', err);
      this.fire('error', { kind: 'start', message: String(err), doc });
    }
  }

  private unmount(): void {
    this.handle?.destroy();
    this.handle = null;
  }
}

/**
 * Registers `<tandem-editor>` (once; later calls are no-ops). `server` is the default server for
 * elements without a `server` attribute, e.g. the origin that served the embed script.
 */
export function defineTandemEditor(options: { server?: string; registry?: CustomElementRegistry } = {}): void {
  if (options.server) defaultServer = options.server;
  const registry = options.registry ?? customElements;
  if (!registry.get('tandem-editor')) registry.define('tandem-editor', TandemEditorElement);
}
