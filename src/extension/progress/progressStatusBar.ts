/**
 * The status bar item shown while ensures or runs are in flight (`$(sync~spin) Pantograph:
 * installing… 42%`); clicking it shows the output channel. Hidden when nothing runs.
 */
import * as vscode from 'vscode';

/** See the module comment. Dispose with the extension. */
export class ProgressStatusBar implements vscode.Disposable {
  readonly #item: vscode.StatusBarItem;
  readonly #active = new Map<string, string>();

  constructor() {
    this.#item = vscode.window.createStatusBarItem('pantograph.progress', vscode.StatusBarAlignment.Left, 10);
    this.#item.name = 'Pantograph progress';
    this.#item.command = 'pantograph.showOutput';
    this.#item.tooltip = 'Pantograph is working — click to show the output';
  }

  /** Shows `text` for operation `id` (the latest update wins while several run). */
  update(id: string, text: string): void {
    this.#active.set(id, text);
    this.#item.text = text;
    this.#item.show();
  }

  /** Operation `id` ended; hides the item when it was the last. */
  clear(id: string): void {
    this.#active.delete(id);
    const last = [...this.#active.values()].pop();
    if (last === undefined) this.#item.hide();
    else this.#item.text = last;
  }

  dispose(): void {
    this.#item.dispose();
  }
}
