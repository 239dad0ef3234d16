import type { Node } from 'prosemirror-model';
import type { EditorView, NodeView, ViewMutationRecord } from 'prosemirror-view';
import { setTaskChecked } from './commands.js';

/** Renders a task item as a list item with a real checkbox that toggles its `checked` attribute. */
export class TaskItemView implements NodeView {
  readonly dom: HTMLLIElement;
  readonly contentDOM: HTMLDivElement;
  private readonly checkbox: HTMLInputElement;

  constructor(
    private node: Node,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
  ) {
    const doc = view.dom.ownerDocument;
    this.dom = doc.createElement('li');
    this.dom.setAttribute('data-task-item', '');
    const label = doc.createElement('label');
    label.contentEditable = 'false';
    this.checkbox = doc.createElement('input');
    this.checkbox.type = 'checkbox';
    this.checkbox.setAttribute('aria-label', 'Done');
    this.checkbox.addEventListener('mousedown', this.onMouseDown);
    this.checkbox.addEventListener('change', this.onChange);
    label.append(this.checkbox);
    this.contentDOM = doc.createElement('div');
    this.dom.append(label, this.contentDOM);
    this.render();
  }

  private readonly onMouseDown = (event: Event) => event.preventDefault();

  private readonly onChange = () => {
    const pos = this.getPos();
    if (pos === undefined || !this.view.editable) {
      this.checkbox.checked = this.node.attrs.checked as boolean;
      return;
    }
    setTaskChecked(pos, this.checkbox.checked)(this.view.state, this.view.dispatch);
  };

  private render(): void {
    const checked = this.node.attrs.checked as boolean;
    this.checkbox.checked = checked;
    this.checkbox.disabled = !this.view.editable;
    this.dom.setAttribute('data-checked', String(checked));
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  ignoreMutation(mutation: ViewMutationRecord): boolean {
    return mutation.type !== 'selection' && !this.contentDOM.contains(mutation.target);
  }

  stopEvent(event: Event): boolean {
    return event.target === this.checkbox;
  }

  destroy(): void {
    this.checkbox.removeEventListener('mousedown', this.onMouseDown);
    this.checkbox.removeEventListener('change', this.onChange);
  }
}
