/**
 * An in-memory `WorkflowTextDocument` behaving like VS Code's `TextDocument`: replacements apply
 * with the extension's own `applyReplacements`, and every change bumps the version. Counts reads
 * and records writes for assertions.
 */
import { applyReplacements } from '../../src/extension/editor/textDiff.js';
import type { TextReplacement } from '../../src/extension/editor/textDiff.js';
import type { WorkflowTextDocument } from '../../src/extension/editor/workflowDocumentModel.js';

/** See the module comment. */
export class MemoryTextDocument implements WorkflowTextDocument {
  readonly uri: string;
  version = 1;
  /** `getText()` calls so far. */
  reads = 0;
  /** Every `replace()` batch, in order. */
  readonly writes: TextReplacement[][] = [];
  #text: string;

  constructor(text: string, uri = 'memory:/workflow.pantograph') {
    this.#text = text;
    this.uri = uri;
  }

  getText(): string {
    this.reads++;
    return this.#text;
  }

  replace(replacements: readonly TextReplacement[]): Promise<boolean> {
    this.writes.push([...replacements]);
    this.setText(applyReplacements(this.#text, replacements));
    return Promise.resolve(true);
  }

  /** Replaces the whole text, as another editor would. */
  setText(text: string): void {
    this.#text = text;
    this.version++;
  }
}
