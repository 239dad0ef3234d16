/**
 * A small React app that uses @tandem/react as a developer would (StrictMode on), built with Vite
 * by tests/e2e/react.test.ts. `window.app` lets the test change props and unmount.
 */
import { createElement as h, StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type EditorHandle, TandemEditor } from '@tandem/react';

interface AppControls {
  setDoc(doc: string): void;
  setPlaceholder(text: string): void;
  setMounted(mounted: boolean): void;
  handle(): EditorHandle | null;
  state: string;
  changes: number;
  tokenCalls: number;
  renders: number;
}

const params = new URLSearchParams(location.search);
const server = params.get('server') ?? location.origin;
const app = { state: '', changes: 0, tokenCalls: 0, renders: 0 } as AppControls;
(window as unknown as { app: AppControls }).app = app;

function App() {
  const [doc, setDoc] = useState(params.get('doc') ?? 'react-doc');
  const [placeholder, setPlaceholder] = useState('React hint');
  const [mounted, setMounted] = useState(true);
  const ref = useRef<EditorHandle | null>(null);
  Object.assign(app, { setDoc, setPlaceholder, setMounted, handle: () => ref.current });
  app.renders++;
  return h(
    'main',
    null,
    mounted
      ? h(TandemEditor, {
          ref,
          doc,
          server,
          placeholder,
          offline: false,
          user: { name: 'React Rita' },
          // a new arrow on every render, as people write it: must not reconnect each time
          token: async () => {
            app.tokenCalls++;
            return 'ignored-by-an-open-server';
          },
          onChange: () => void app.changes++,
          onStatus: (s) => void (app.state = s.state),
        })
      : h('p', { id: 'gone' }, 'unmounted'),
  );
}

createRoot(document.getElementById('root')!).render(h(StrictMode, null, h(App)));
