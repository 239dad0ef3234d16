import { h } from './dom.js';

/**
 * "Show every block": the editor's viewport window (packages/editor viewport-window.ts) paints
 * only the blocks near the screen in a large document, which hides the rest from the browser's
 * find (Ctrl+F) and from screen readers. This setting, kept in localStorage, turns the window off.
 */
const KEY = 'tandem.fullRender';

/** Whether every block is shown (the setting is on). */
export function fullRender(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false; // storage refused: the default
  }
}

/**
 * A header toggle (aria-pressed) for the setting. The editor takes it when it is created, so a
 * change reloads the page (the document is kept: the server and the local copy hold it).
 */
export function fullRenderButton(): HTMLButtonElement {
  const on = fullRender();
  const label = on ? 'Screen reader mode on: every block shown (click to paint only what is near the screen)' : 'Screen reader mode off (click to show every block, for screen readers and find)';
  const button = h('button', { class: 'button full-render-button', type: 'button', 'data-testid': 'full-render', 'aria-pressed': String(on), 'aria-label': label, title: label }, 'A11y') as HTMLButtonElement;
  button.addEventListener('click', () => {
    try {
      if (on) localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, 'on');
    } catch {
      return; // not kept: nothing would change after the reload
    }
    location.reload();
  });
  return button;
}
