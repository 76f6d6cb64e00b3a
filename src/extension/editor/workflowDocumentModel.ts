/**
 * One wrapper per open `.pantograph` document: parses the text once per document version (the
 * version its own edit produced not at all: it knows the text it wrote; canonical text — what
 * Pantograph writes — with `JSON.parse`; anything else with the located parser), builds
 * the `workflow/state` notification, and turns `workflow/edits/apply` into minimal text
 * replacements. The text document stays the only source of truth: nothing here keeps a copy of the
 * workflow beyond the cached parse. Talks to VS Code only through {@link WorkflowTextDocument}, so
 * it is tested without VS Code. No `vscode` import.
 */
import { applyWorkflowEdits } from '../../core/workflow/applyEdits.js';
import { findJsonProblem } from '../../core/workflow/jsonValue.js';
import { MAX_WORKFLOW_TEXT_LENGTH } from '../../core/workflow/parseWorkflow.js';
import { parseSerializedWorkflow, parseSerializedWorkflowParts } from '../../core/workflow/parseSerializedWorkflow.js';
import type { PartsParse } from '../../core/workflow/parseSerializedWorkflow.js';
import { serializeWorkflowParts } from '../../core/workflow/serializeWorkflow.js';
import type { SerializedItemCache } from '../../core/workflow/serializeWorkflow.js';
import { validateWorkflowGraph } from '../../core/workflow/validateGraph.js';
import type { WorkflowEdit } from '../../core/workflow/workflowEdits.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { fail, ok, structuredError } from '../../core/errors/structuredError.js';
import type { Result } from '../../core/errors/structuredError.js';
import type { NotificationParams } from '../../core/protocol/editorProtocol.js';
import { notificationMessage } from '../../core/protocol/envelope.js';
import { toProtocolError } from '../../core/protocol/protocolError.js';
import { computeLineDiff, computePartsDiff, textEqualsParts } from './textDiff.js';
import type { TextReplacement } from './textDiff.js';

/** The few things the model needs from a text document (a thin adapter over `vscode.TextDocument`). */
export interface WorkflowTextDocument {
  /** For log lines. */
  readonly uri: string;
  readonly version: number;
  getText(): string;
  /**
   * Applies the replacements (offsets in the current text) as one undoable edit. Resolves to
   * false when the editor refused it.
   */
  replace(replacements: readonly TextReplacement[]): Thenable<boolean> | Promise<boolean>;
}

/** Whether edits are allowed, and why not. */
export interface EditAccess {
  readonly readOnly: boolean;
  readonly reason?: string;
}

/**
 * What brings a panel to the current version: the whole state, or — when the panel holds the
 * version this model's own edit started from — just those edits (`workflow/edited`).
 */
export type DocumentUpdate =
  ReturnType<typeof notificationMessage<'workflow/state'>> | ReturnType<typeof notificationMessage<'workflow/edited'>>;

/** Edits after which the graph problems are the same as before: `validateWorkflowGraph` reads no position, metadata or viewport. */
const LAYOUT_ONLY_EDITS: ReadonlySet<WorkflowEdit['kind']> = new Set(['move_node', 'set_metadata', 'set_viewport']);

/**
 * The serialization of one parsed version, in parts (`serializeWorkflowParts`), whether the text
 * is exactly that serialization, and whether the whole document passes `findJsonProblem`.
 */
interface VersionLayout {
  readonly version: number;
  readonly parts: readonly string[];
  readonly canonical: boolean;
  readonly jsonClean: boolean;
}

/**
 * Whether what `after` has that `before` (a document passing `findJsonProblem`) has not passes
 * `findJsonProblem` at its depth in the document: the top-level fields but the graph, and the
 * nodes and edges that are not `before`'s own objects (`applyWorkflowEdits` copies only those it changes).
 */
function changesAreJsonClean(before: WorkflowDocument, after: WorkflowDocument): boolean {
  const { graph, ...rest } = after;
  if (findJsonProblem(rest)) return false;
  // Depth of an item in the document: document 0, graph 1, its list 2, the item 3.
  const itemsClean = (old: readonly object[], items: readonly object[]): boolean => {
    const kept = new Set(old);
    return items.every((item) => kept.has(item) || !findJsonProblem(item, [], 3));
  };
  return itemsClean(before.graph.nodes, graph.nodes) && itemsClean(before.graph.edges, graph.edges);
}

/** The document parse for one version. */
export interface ParsedVersion {
  readonly version: number;
  readonly text: string;
  readonly result: Result<WorkflowDocument>;
}

/** See the module comment. One instance per `TextDocument`, shared by all of its panels. */
export class WorkflowDocumentModel {
  readonly #document: WorkflowTextDocument;
  readonly #clock: () => Date;
  #cache: ParsedVersion | undefined;
  /** The serialization of one parsed version (edits that change nothing are detected with it, and the text diffed by parts). */
  #layout: VersionLayout | undefined;
  /** Serialized nodes and edges of the documents this model parsed or wrote (never mutated: see `SerializedItemCache`). */
  readonly #items: SerializedItemCache = new WeakMap();
  /**
   * The text this model last wrote (in parts: `parts.join('')`), its parse, and the edits (stamp
   * included) that turned version `baseVersion` into it: the next version is usually exactly that text.
   */
  #written:
    | {
        readonly parts: readonly string[];
        /** True when `result` is the edited document, known to pass `findJsonProblem`. */
        readonly jsonClean: boolean;
        readonly result: Result<WorkflowDocument>;
        readonly baseVersion: number;
        readonly edits: readonly WorkflowEdit[];
      }
    | undefined;
  /** The graph problems of one parsed version (every panel's state of that version shares them). */
  #graphErrors: { readonly version: number; readonly errors: NotificationParams<'workflow/state'>['errors'] } | undefined;
  /** The edits between `baseVersion` and the current version `version`, when that version is this model's own write. */
  #delta:
    | {
        readonly baseVersion: number;
        readonly version: number;
        readonly edits: readonly WorkflowEdit[];
        /** True when the graph problems are those of `baseVersion` (layout-only edits): the update leaves them out. */
        readonly sameErrors: boolean;
      }
    | undefined;

  /** `clock` stamps `metadata.modified` on every applied edit. */
  constructor(document: WorkflowTextDocument, clock: () => Date = () => new Date()) {
    this.#document = document;
    this.#clock = clock;
  }

  /** The parse of the document's current version (parsed at most once per version). */
  current(): ParsedVersion {
    const version = this.#document.version;
    if (this.#cache?.version !== version) {
      const text = this.#document.getText();
      // Our own write comes back as the next version: its parse and the edits behind it are known (see applyEdits).
      const written = this.#written && textEqualsParts(text, this.#written.parts) ? this.#written : undefined;
      // Any other text: the fast parse checks the canonical form itself (and cuts it into parts,
      // seeding the part cache for the first edit), else runs the located parser.
      const fresh = written ? undefined : parseSerializedWorkflowParts(text, this.#items);
      const result = written ? written.result : (fresh as PartsParse).result;
      // The text written is the serialization of its own parse (JSON-clean when that parse is the edited document).
      if (written?.result.ok)
        this.#layout = {
          version,
          parts: written.parts,
          canonical: true,
          jsonClean: written.jsonClean || !findJsonProblem(written.result.value),
        };
      // Canonical text passed every JSON rule in the fast parse.
      if (fresh?.parts) this.#layout = { version, parts: fresh.parts, canonical: true, jsonClean: true };
      // Edits that move nodes (and the stamp) leave the graph problems as they were.
      const sameErrors =
        written !== undefined &&
        written.result.ok &&
        this.#graphErrors?.version === written.baseVersion &&
        written.edits.every((e) => LAYOUT_ONLY_EDITS.has(e.kind));
      if (sameErrors && this.#graphErrors) this.#graphErrors = { version, errors: this.#graphErrors.errors };
      this.#delta = written ? { baseVersion: written.baseVersion, version, edits: written.edits, sameErrors } : undefined;
      this.#written = undefined;
      this.#cache = { version, text, result };
    }
    return this.#cache;
  }

  /** The parsed workflow, or `undefined` when the text is invalid. */
  workflow(): WorkflowDocument | undefined {
    const parsed = this.current();
    return parsed.result.ok ? parsed.result.value : undefined;
  }

  /**
   * The `workflow/state` notification for the current version: the document, or `null` plus the
   * located parse errors; graph problems (missing inputs, unknown ports, …) are listed next to a
   * valid document.
   */
  state(access: EditAccess): NotificationParams<'workflow/state'> {
    const parsed = this.current();
    const readOnly = access.readOnly
      ? { readOnly: true, ...(access.reason ? { readOnlyReason: access.reason } : {}) }
      : { readOnly: false };
    if (!parsed.result.ok)
      return { version: parsed.version, document: null, errors: parsed.result.errors.map(toProtocolError), ...readOnly };
    if (this.#graphErrors?.version !== parsed.version)
      this.#graphErrors = { version: parsed.version, errors: validateWorkflowGraph(parsed.result.value).map(toProtocolError) };
    return { version: parsed.version, document: parsed.result.value, errors: this.#graphErrors.errors, ...readOnly };
  }

  /**
   * The message that brings a panel showing version `shown` to the current version: `workflow/edited`
   * when the current version is this model's own write made against `shown` (the panel applies
   * the same edits to the document it holds; without `errors` when the edits only moved nodes, so
   * the graph problems are still those the panel shows), else the whole `workflow/state`.
   * @example panel.post(model.update(lastSentVersion, access))
   */
  update(shown: number | undefined, access: EditAccess): DocumentUpdate {
    const state = this.state(access);
    const delta = this.#delta;
    if (
      shown === undefined ||
      !delta ||
      delta.version !== state.version ||
      delta.baseVersion !== shown ||
      state.document === null
    )
      return notificationMessage('workflow/state', state);
    const { document: _document, errors, ...rest } = state;
    return notificationMessage('workflow/edited', {
      ...rest,
      ...(delta.sameErrors ? {} : { errors }),
      baseVersion: shown,
      edits: [...delta.edits],
    });
  }

  /**
   * Applies `edits` made against `baseVersion`: refused when read-only (`not_trusted` or
   * `invalid_edit`), stale (`invalid_edit`: the document changed since), unparseable, or invalid
   * (every `invalid_edit` from `applyWorkflowEdits`). Otherwise re-serializes, stamps
   * `metadata.modified`, and writes only the changed lines. Resolves to the replacements written
   * (`[]` when the edits change nothing: then `modified` is left alone too). Never throws.
   */
  async applyEdits(
    baseVersion: number,
    edits: readonly WorkflowEdit[],
    access: EditAccess,
  ): Promise<Result<readonly TextReplacement[]>> {
    if (access.readOnly)
      return fail(structuredError('not_trusted', `edits refused: ${access.reason ?? 'the document is read-only'}`));
    const parsed = this.current();
    if (baseVersion !== parsed.version) {
      return fail(
        structuredError(
          'invalid_edit',
          `stale edit: made against version ${baseVersion}, the document is at version ${parsed.version}`,
          ['baseVersion'],
          'The editor refreshes with the current document; redo the change.',
        ),
      );
    }
    if (!parsed.result.ok)
      return fail(
        structuredError('invalid_workflow', 'the document is not a valid workflow; fix it as text first', [], 'Open as text.'),
      );
    const base = parsed.result.value;
    const edited = applyWorkflowEdits(base, edits);
    if (!edited.ok) return edited;
    const layout = this.#versionLayout(parsed.version, parsed.text, base);
    if (sameParts(serializeWorkflowParts(edited.value, this.#items), layout.parts)) return ok([]);
    const stamp: WorkflowEdit = { kind: 'set_metadata', metadata: { modified: this.#clock().toISOString() } };
    const stamped = applyWorkflowEdits(edited.value, [stamp]);
    if (!stamped.ok) return stamped;
    const parts = serializeWorkflowParts(stamped.value, this.#items);
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    // Canonical text (what Pantograph wrote): only the parts that differ are compared line by line.
    const replacements = layout.canonical ? computePartsDiff(layout.parts, parts) : computeLineDiff(parsed.text, parts.join(''));
    if (replacements.length === 0) return ok([]);
    if (this.#document.version !== parsed.version)
      return fail(
        structuredError('invalid_edit', 'stale edit: the document changed while the edit was prepared', ['baseVersion']),
      );
    // Before writing: the change event (and the state push it triggers) may come before replace() resolves.
    // The edited document is the parse of the text written (serializeWorkflow round-trips; property-tested), so no
    // re-parse — unless the whole breaks a rule no single edit could see (size, depth): then the parser's verdict.
    // Only what the edits changed is checked for JSON problems: the rest is the base version's, checked before.
    const whole = length <= MAX_WORKFLOW_TEXT_LENGTH && layout.jsonClean && changesAreJsonClean(base, stamped.value);
    this.#written = {
      parts,
      jsonClean: whole,
      result: whole ? ok(stamped.value) : parseSerializedWorkflow(parts.join('')),
      baseVersion: parsed.version,
      edits: [...edits, stamp],
    };
    const applied = await this.#document.replace(replacements);
    return applied ? ok(replacements) : fail(structuredError('invalid_edit', 'the editor refused the edit'));
  }

  /** The {@link VersionLayout} of a parsed version (serialized once per version, nodes and edges memoized). */
  #versionLayout(version: number, text: string, doc: WorkflowDocument): VersionLayout {
    if (this.#layout?.version !== version) {
      const parts = serializeWorkflowParts(doc, this.#items);
      this.#layout = { version, parts, canonical: textEqualsParts(text, parts), jsonClean: !findJsonProblem(doc) };
    }
    return this.#layout;
  }
}

/** True when both hold the same strings in the same order. */
function sameParts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
