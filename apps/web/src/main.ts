import './style.css';
import { renderAdminPage } from './admin-page.js';
import { getMe, type Me } from './api.js';
import { renderAuthPage } from './auth-pages.js';
import { renderDocPage } from './doc-page.js';
import { renderHome } from './home.js';
import { initTheme } from './theme.js';

initTheme();

/**
 * The app's pages, chosen by path: `/`, `/d/:docId`, and in accounts mode `/signin`, `/signup`,
 * `/admin` (a fresh server shows "create the first account" whatever the path; anonymous
 * visitors get the sign-in page, except on a share link).
 */
const root = document.getElementById('app')!;
let cleanup: () => void = () => {};
let generation = 0;

async function route(): Promise<void> {
  cleanup();
  cleanup = () => {};
  const mine = ++generation;
  const me = await getMe();
  if (mine !== generation) return;
  cleanup = show(me);
}

function show(me: Me): () => void {
  const path = location.pathname;
  // every /d/... path is a document page; one that is not a document id says so
  const docMatch = /^\/d(?:\/(.*?))?\/?$/.exec(path);
  if (me.mode === 'accounts') {
    if (me.needsSetup) return renderAuthPage(root, 'setup', me, navigate);
    if (path === '/signup' && !me.user) return renderAuthPage(root, 'signup', me, navigate);
    if (path === '/signin' || path === '/signup') {
      if (me.user) return redirect('/');
      return renderAuthPage(root, 'signin', me, navigate);
    }
    const viaLink = docMatch !== null && new URLSearchParams(location.search).has('share');
    if (!me.user && !viaLink) {
      if (docMatch || path === '/admin') return redirect(`/signin?next=${encodeURIComponent(path + location.search)}`);
      return renderAuthPage(root, 'signin', me, navigate);
    }
    if (path === '/admin') return me.user?.admin ? renderAdminPage(root, me, navigate) : redirect('/');
  }
  if (docMatch) {
    let id = docMatch[1] ?? '';
    try {
      id = decodeURIComponent(id);
    } catch {
      // shown as "not a document"
    }
    return renderDocPage(root, id, navigate, (history.state as { fresh?: boolean } | null)?.fresh === true, me);
  }
  return renderHome(root, navigate, me);
}

function redirect(path: string): () => void {
  history.replaceState({}, '', path);
  queueMicrotask(() => void route());
  return () => {};
}

function navigate(path: string, state: { fresh?: boolean } = {}): void {
  history.pushState(state, '', path);
  void route();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => void route());
void route();

// The service worker keeps the app shell for offline use (built app only: dev has no stable assets).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // without it the app still works online
  });
}
