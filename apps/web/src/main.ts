import './style.css';
import { renderDocPage } from './doc-page.js';
import { renderHome } from './home.js';
import { initTheme } from './theme.js';

initTheme();

/** The app's two pages, chosen by path: `/` and `/d/:docId`. */
const root = document.getElementById('app')!;
let cleanup: () => void = () => {};

function route(): void {
  cleanup();
  // every /d/... path is a document page; one that is not a document id says so
  const match = /^\/d(?:\/(.*?))?\/?$/.exec(location.pathname);
  if (match) {
    let id = match[1] ?? '';
    try {
      id = decodeURIComponent(id);
    } catch {
      // shown as "not a document"
    }
    cleanup = renderDocPage(root, id, navigate, (history.state as { fresh?: boolean } | null)?.fresh === true);
  } else {
    cleanup = renderHome(root, navigate);
  }
}

function navigate(path: string, state: { fresh?: boolean } = {}): void {
  history.pushState(state, '', path);
  route();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', route);
route();

// The service worker keeps the app shell for offline use (built app only: dev has no stable assets).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // without it the app still works online
  });
}
