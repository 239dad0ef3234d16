// @vitest-environment happy-dom
import { TextSelection } from 'prosemirror-state';
import { afterEach, describe, expect, it } from 'vitest';
import type { EditorView } from 'prosemirror-view';
import { activeLink } from './commands.js';
import { schema } from './schema.js';
import { createToolbar, type Toolbar } from './toolbar.js';
import { viewFrom } from './test-view.js';

describe('toolbar', () => {
  let view: EditorView;
  let toolbar: Toolbar;
  const button = (label: string) => toolbar.dom.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;
  const mount = (html: string) => {
    view = viewFrom(html);
    document.body.append(view.dom);
    toolbar = createToolbar(view, schema);
    document.body.append(toolbar.dom);
    view.setProps({
      dispatchTransaction: (tr) => {
        view.updateState(view.state.apply(tr));
        toolbar.update(view.state);
      },
    });
  };
  afterEach(() => {
    toolbar.destroy();
    view.destroy();
    document.body.replaceChildren();
  });

  it('is a labelled toolbar with one tab stop, moved by the arrow keys', () => {
    mount('<p>text</p>');
    expect(toolbar.dom.getAttribute('role')).toBe('toolbar');
    const buttons = [...toolbar.dom.querySelectorAll<HTMLButtonElement>('button[data-action]')];
    expect(buttons.every((b) => b.getAttribute('aria-label'))).toBe(true);
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([button('Bold')]);
    button('Bold').focus();
    button('Bold').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(document.activeElement).toBe(button('Italic'));
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([button('Italic')]);
    button('Italic').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    button('Bold').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    expect(document.activeElement).toBe(buttons.filter((b) => !b.disabled).at(-1));
  });

  it('buttons apply formatting and show it with aria-pressed', () => {
    mount('<p>some words</p>');
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 1, 5)));
    expect(button('Bold').getAttribute('aria-pressed')).toBe('false');
    button('Bold').click();
    expect(button('Bold').getAttribute('aria-pressed')).toBe('true');
    expect(view.state.doc.firstChild!.firstChild!.marks.map((m) => m.type.name)).toEqual(['strong']);
    button('Heading 1').click();
    expect(view.state.doc.firstChild!.type.name).toBe('heading');
    expect(button('Heading 1').getAttribute('aria-pressed')).toBe('true');
    expect(button('Bulleted list').disabled).toBe(true); // a heading cannot start a list item
  });

  it('sets a link through its field', () => {
    mount('<p>see docs</p>');
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 5, 9)));
    button('Link').click();
    const form = toolbar.dom.querySelector('form')!;
    expect(form.hidden).toBe(false);
    const input = form.querySelector('input')!;
    input.value = 'https://example.com/docs';
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(form.hidden).toBe(true);
    expect(activeLink(view.state, schema)).toBe('https://example.com/docs');
  });

  it('normalises a scheme-less address and refuses a script link with a message', () => {
    mount('<p>see docs</p>');
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 5, 9)));
    button('Link').click();
    const form = toolbar.dom.querySelector('form')!;
    const input = form.querySelector('input')!;
    input.value = 'javascript:alert(1)';
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(form.hidden).toBe(false);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('[role="alert"]')!.textContent).toMatch(/Not a link address/);
    expect(activeLink(view.state, schema)).toBeNull();
    input.value = 'example.com/page';
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(form.hidden).toBe(true);
    expect(activeLink(view.state, schema)).toBe('https://example.com/page');
    button('Link').click();
    input.value = 'ada@example.com';
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(activeLink(view.state, schema)).toBe('mailto:ada@example.com');
  });

  it('disables every button when the view is read-only', () => {
    mount('<p>text</p>');
    view.setProps({ editable: () => false });
    toolbar.update(view.state);
    expect([...toolbar.dom.querySelectorAll<HTMLButtonElement>('button[data-action]')].every((b) => b.disabled)).toBe(true);
  });
});
