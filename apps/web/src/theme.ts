import { h } from './dom.js';

/** The user's choice: follow the system, or always light or dark. Kept in localStorage. */
export type ThemeChoice = 'auto' | 'light' | 'dark';
const KEY = 'tandem.theme';
const ORDER: ThemeChoice[] = ['auto', 'dark', 'light'];

const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

function choice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage refused: follow the system
  }
  return 'auto';
}

/** Sets `data-theme` on <html> to light or dark, from the saved choice or prefers-color-scheme. */
export function applyTheme(): void {
  const c = choice();
  const dark = c === 'dark' || (c === 'auto' && media?.matches === true);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** Applies the theme now and whenever the system preference changes. */
export function initTheme(): void {
  applyTheme();
  media?.addEventListener('change', applyTheme);
}

const LABEL: Record<ThemeChoice, string> = { auto: 'Theme: system (click for dark)', dark: 'Theme: dark (click for light)', light: 'Theme: light (click for system)' };
const ICON: Record<ThemeChoice, string> = {
  auto: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><circle cx="12" cy="12" r="8"/><path d="M12 4a8 8 0 0 1 0 16z" fill="currentColor"/></svg>',
  dark: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z"/></svg>',
  light: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><circle cx="12" cy="12" r="4"/><path d="M12 2v2M12 20v2M2 12h2M20 12h2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/></svg>',
};

/** A header button cycling system -> dark -> light. */
export function themeButton(): HTMLButtonElement {
  const button = h('button', { class: 'button theme-button', type: 'button', 'data-testid': 'theme' }) as HTMLButtonElement;
  const show = () => {
    const c = choice();
    button.innerHTML = ICON[c];
    button.setAttribute('aria-label', LABEL[c]);
    button.title = LABEL[c];
  };
  button.addEventListener('click', () => {
    const next = ORDER[(ORDER.indexOf(choice()) + 1) % ORDER.length]!;
    try {
      if (next === 'auto') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // not kept across reloads
    }
    applyTheme();
    show();
  });
  show();
  return button;
}
