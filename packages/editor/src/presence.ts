import type { Awareness } from 'y-protocols/awareness';
import { initials, normalizeUser } from './user.js';

/** The caret of another collaborator: a coloured bar with their name above it. */
export function buildCursor(user: { name: string; color: string }): HTMLElement {
  const { name, color } = normalizeUser(user);
  const caret = document.createElement('span');
  caret.className = 'tandem-cursor';
  caret.style.setProperty('--tandem-user-color', color);
  const label = document.createElement('span');
  label.className = 'tandem-cursor-label';
  label.textContent = name;
  caret.append(document.createTextNode('\u2060'), label, document.createTextNode('\u2060'));
  return caret;
}

/** The highlight of another collaborator's selection, in a light tint of their colour. */
export function buildSelection(user: { name: string; color: string }): { style: string; class: string } {
  const { color } = normalizeUser(user);
  return { class: 'tandem-selection', style: `--tandem-user-color: ${color}` };
}

/** A person present on the document, from awareness. */
export interface Presence {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
}

/** Everyone whose awareness state carries a user, the local user first. */
export function listPresence(awareness: Awareness): Presence[] {
  const people: Presence[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: { name?: string; color?: string } }).user;
    if (!user?.name) continue;
    const { name, color } = normalizeUser({ name: user.name, color: user.color });
    people.push({ clientId, name, color, self: clientId === awareness.clientID });
  }
  return people.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}

/** The row of avatars of who is here, kept current from awareness; `destroy` detaches it. */
export function createPresenceList(awareness: Awareness): { dom: HTMLElement; destroy(): void } {
  const dom = document.createElement('ul');
  dom.className = 'tandem-presence';
  dom.setAttribute('aria-label', 'People editing');
  let shown = '';
  const render = () => {
    const people = listPresence(awareness);
    // awareness changes with every move of anyone's cursor; redraw only when the people change
    const key = JSON.stringify(people);
    if (key === shown) return;
    shown = key;
    dom.replaceChildren(
      ...people.map((person) => {
        const li = document.createElement('li');
        li.className = 'tandem-avatar';
        li.style.setProperty('--tandem-user-color', person.color);
        li.dataset.name = person.name;
        li.title = person.self ? `${person.name} (you)` : person.name;
        li.setAttribute('aria-label', li.title);
        li.textContent = initials(person.name);
        return li;
      }),
    );
  };
  awareness.on('change', render);
  render();
  return {
    dom,
    destroy() {
      awareness.off('change', render);
      dom.remove();
    },
  };
}
