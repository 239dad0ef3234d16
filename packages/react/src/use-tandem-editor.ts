import { useCallback, useEffect, useRef, useState } from 'react';
import { createEditor, type EditorHandle, type EditorOptions, type EditorStatus, type EditorUser, type TokenSource } from '@tandem/editor';
import type { ContentChange, EditorError, Presence } from '@tandem/editor';

/** Options of `useTandemEditor` (and the props of `<TandemEditor>`). */
export interface TandemEditorOptions {
  /** Document id; a new one switches documents (a new editor). */
  doc: string;
  /** Tandem server base URL; defaults to the page's origin. A new one makes a new editor. */
  server?: string;
  /** A token, or a function giving one, called on every (re)connect and when it expired; changes apply without remounting. */
  token?: TokenSource;
  user?: EditorUser;
  readOnly?: boolean;
  placeholder?: string;
  /** Show the toolbar, status and presence bar (default true). */
  toolbar?: boolean;
  /** Keep an IndexedDB copy (default true). A change makes a new editor. */
  offline?: boolean;
  share?: string;
  identity?: string;
  label?: string;
  onChange?: (change: ContentChange, editor: EditorHandle) => void;
  onStatus?: (status: EditorStatus) => void;
  onPresence?: (people: Presence[]) => void;
  onError?: (error: EditorError) => void;
  /** WebSocket constructor instead of the global one (tests). */
  WebSocket?: EditorOptions['WebSocket'];
}

/** What `useTandemEditor` gives: a ref for the element to mount into, the editor once mounted, and its status. */
export interface TandemEditorState {
  ref: (element: HTMLElement | null) => void;
  editor: EditorHandle | null;
  status: EditorStatus | null;
}

/**
 * Mounts a Tandem editor into the element `ref` is given, and destroys it when the component
 * unmounts (socket, IndexedDB copy, listeners: nothing is left). `doc`, `server` and `offline`
 * make a new editor; `token`, `placeholder`, `readOnly`, `user` and `toolbar` change in place;
 * the callbacks may change on every render. Safe under StrictMode's double mount.
 */
export function useTandemEditor(options: TandemEditorOptions): TandemEditorState {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [editor, setEditor] = useState<EditorHandle | null>(null);
  const [status, setStatus] = useState<EditorStatus | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const ref = useCallback((el: HTMLElement | null) => setElement(el), []);
  /** A token function may be a new arrow on every render: the editor gets one stable function that calls the latest. */
  const stableToken = useCallback(() => {
    const t = latest.current.token;
    return typeof t === 'function' ? t() : (t ?? '');
  }, []);
  const tokenSource = (t: TokenSource | undefined) => (typeof t === 'function' ? stableToken : t);
  const { doc, server, offline } = options;

  useEffect(() => {
    if (!element) return;
    const o = latest.current;
    const handle = createEditor(element, {
      doc,
      ...(server ? { server } : {}),
      ...(o.token !== undefined ? { token: tokenSource(o.token) } : {}),
      ...(o.user ? { user: o.user } : {}),
      ...(o.share ? { share: o.share } : {}),
      ...(o.identity ? { identity: o.identity } : {}),
      ...(o.label ? { label: o.label } : {}),
      ...(o.placeholder !== undefined ? { placeholder: o.placeholder } : {}),
      ...(o.WebSocket ? { WebSocket: o.WebSocket } : {}),
      readOnly: o.readOnly ?? false,
      toolbar: o.toolbar ?? true,
      offline: offline ?? true,
    });
    const offs = [
      handle.on('change', (change) => latest.current.onChange?.(change, handle)),
      handle.on('status', (s) => {
        setStatus(s);
        latest.current.onStatus?.(s);
      }),
      handle.on('presence', (people) => latest.current.onPresence?.(people)),
      handle.on('error', (error) => latest.current.onError?.(error)),
    ];
    setEditor(handle);
    setStatus(handle.status);
    return () => {
      for (const off of offs) off();
      handle.destroy();
      setEditor(null);
    };
  }, [element, doc, server, offline]);

  const { token, placeholder, readOnly, user, toolbar } = options;
  // only a new string, or a switch between a string and a function, reconnects
  const tokenKey = typeof token === 'function' ? '\u0000function' : (token ?? '');
  const mountedToken = useRef(tokenKey);
  useEffect(() => {
    if (!editor) return;
    if (mountedToken.current !== tokenKey) editor.setToken(tokenSource(latest.current.token));
    mountedToken.current = tokenKey;
  }, [editor, tokenKey]);
  useEffect(() => void (editor && placeholder !== undefined && editor.setPlaceholder(placeholder)), [editor, placeholder]);
  useEffect(() => void editor?.setReadOnly(readOnly ?? false), [editor, readOnly]);
  useEffect(() => void editor?.setToolbar(toolbar ?? true), [editor, toolbar]);
  const userKey = user ? `${user.name}\n${user.color ?? ''}` : '';
  useEffect(() => void (editor && user && editor.setUser(user)), [editor, userKey]);

  return { ref, editor, status };
}
