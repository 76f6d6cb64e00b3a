/**
 * A harness host that handles edits the way the extension does: the workflow lives as `.pantograph`
 * text in an in-memory text document, `WorkflowDocumentModel` turns each edit batch into line
 * replacements of that text (serialize, stamp `modified`, diff), and every state is the model's
 * parse of the new text version, sent as the extension's dispatcher sends it (`model.update`: a
 * confirmed edit goes back as `workflow/edited`). Only VS Code's IPC and its TextDocument are missing.
 */
import type { WebviewMessage } from '../../../src/core/protocol/envelope.js';
import { notificationMessage } from '../../../src/core/protocol/envelope.js';
import { serializeWorkflow } from '../../../src/core/workflow/serializeWorkflow.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';
import { WorkflowDocumentModel } from '../../../src/extension/editor/workflowDocumentModel.js';
import type { EditAccess } from '../../../src/extension/editor/workflowDocumentModel.js';
import { MemoryTextDocument } from '../../support/memoryTextDocument.js';
import { HostHarness } from './browserHarness.js';

type Edits = Extract<WebviewMessage, { method: 'workflow/edits/apply' }>['params']['edits'];

/** See the module comment. `document` and `version` follow the text document. */
export class ModelHostHarness extends HostHarness {
  readonly text: MemoryTextDocument;
  readonly model: WorkflowDocumentModel;

  constructor(document: WorkflowDocument) {
    super(document);
    this.text = new MemoryTextDocument(serializeWorkflow(document));
    this.model = new WorkflowDocumentModel(this.text);
  }

  #access(): EditAccess {
    return { readOnly: this.readOnly.value, ...(this.readOnly.reason ? { reason: this.readOnly.reason } : {}) };
  }

  override stateMessage(): unknown {
    return notificationMessage('workflow/state', this.model.state(this.#access()));
  }

  /** Like `PanelDispatcher.postDocument`: the edits when the page holds their base version, else the whole state. */
  override async pushState(): Promise<void> {
    await this.post(this.model.update(this.shownVersion, this.#access()));
  }

  protected override async applyEdits(baseVersion: number, edits: Edits): Promise<void> {
    await this.model.applyEdits(baseVersion, edits, this.#access());
    this.version = this.text.version;
    this.document = this.model.workflow() ?? this.document;
    await this.pushState();
  }
}
