import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../../src/core/workflow/applyEdits.js';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { MAX_JSON_DEPTH } from '../../../src/core/workflow/jsonValue.js';
import { serializeWorkflow } from '../../../src/core/workflow/serializeWorkflow.js';
import type { WorkflowEdit } from '../../../src/core/workflow/workflowEdits.js';
import type { HostMessage } from '../../../src/core/protocol/envelope.js';
import { parseHostMessage } from '../../../src/core/protocol/envelope.js';
import { PanelDispatcher } from '../../../src/extension/editor/panelDispatcher.js';
import type { PanelPort } from '../../../src/extension/editor/panelDispatcher.js';
import { WorkflowDocumentModel } from '../../../src/extension/editor/workflowDocumentModel.js';
import { MemoryTextDocument } from '../../support/memoryTextDocument.js';
import { editArb } from '../../support/workflowEditArbitrary.js';
import { audioWorkflow } from '../../core/workflow/fixtures.js';

const writable = { readOnly: false };
let tick = 0;
const clock = (): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++));

/** What crossing the webview boundary does to a value (postMessage carries JSON-compatible data). */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function modelOf(text = serializeWorkflow(audioWorkflow())) {
  const document = new MemoryTextDocument(text, 'file:///audio.pantograph');
  return { document, model: new WorkflowDocumentModel(document, clock) };
}

/** Edits that usually apply to `audioWorkflow` (so most batches are confirmed), mixed with `editArb`'s anything. */
const likelyEdit = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('move_node'),
      node_id: fc.constantFrom('lib', 'env', 'prompt', 'audio'),
      position: fc.record({ x: fc.integer(), y: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('set_node_data'),
      node_id: fc.constantFrom('prompt', 'audio'),
      path: fc.constantFrom(['seed'], ['text'], ['a', 'b']),
      value: fc.jsonValue(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set_metadata'), metadata: fc.record({ name: fc.string() }) }) },
  { weight: 1, arbitrary: editArb },
);

const moveAudio = (x: number): WorkflowEdit[] => [{ kind: 'move_node', node_id: 'audio', position: { x, y: 0 } }];

describe('WorkflowDocumentModel.update: what brings a panel to the current version', () => {
  it('is the whole state for a panel that was never sent one, or holds another version', async () => {
    const { model } = modelOf();
    expect(model.update(undefined, writable).method).toBe('workflow/state');
    await model.applyEdits(1, moveAudio(5), writable);
    expect(model.update(undefined, writable).method).toBe('workflow/state');
    expect(model.update(0, writable).method).toBe('workflow/state');
    expect(model.update(2, writable).method).toBe('workflow/state');
  });

  it('is the edits plus the modified stamp for a panel holding the version the model’s own edit started from', async () => {
    const { model } = modelOf();
    await model.applyEdits(1, moveAudio(5), writable);
    const update = model.update(1, writable);
    expect(update).toMatchObject({
      method: 'workflow/edited',
      params: { baseVersion: 1, version: 2, readOnly: false, errors: [] },
    });
    if (update.method !== 'workflow/edited') throw new Error('expected workflow/edited');
    expect(update.params.edits).toEqual([
      ...moveAudio(5),
      { kind: 'set_metadata', metadata: { modified: model.workflow()?.metadata.modified } },
    ]);
    expect(parseHostMessage(overTheWire({ type: 'notification', method: update.method, params: update.params })).ok).toBe(true);
  });

  it('leaves the graph problems out after edits that only move nodes (the panel keeps those it shows), not after others', async () => {
    const { model } = modelOf();
    await model.applyEdits(1, [{ kind: 'disconnect', edge_id: model.workflow()?.graph.edges[0]?.id ?? '' }], writable);
    const shown = model.state(writable);
    expect(shown.errors.length).toBeGreaterThan(0);
    await model.applyEdits(2, moveAudio(5), writable);
    const moved = model.update(2, writable);
    expect(moved.method).toBe('workflow/edited');
    expect(moved.params).not.toHaveProperty('errors');
    expect(model.state(writable).errors).toEqual(shown.errors);
    expect(parseHostMessage(overTheWire({ type: 'notification', method: moved.method, params: moved.params })).ok).toBe(true);
    await model.applyEdits(3, [{ kind: 'set_node_data', node_id: 'audio', path: ['seed'], value: 8 }], writable);
    expect(model.update(3, writable).params).toMatchObject({ errors: shown.errors });
  });

  it('is the whole state again once anything but the model’s own edit changed the text', async () => {
    const { document, model } = modelOf();
    await model.applyEdits(1, moveAudio(5), writable);
    document.setText(document.getText().replace('"x": 5', '"x": 6'));
    expect(model.update(2, writable).method).toBe('workflow/state');
    expect(model.update(1, writable).method).toBe('workflow/state');
  });

  it('carries the access and graph problems of the state it stands for', async () => {
    const { model } = modelOf();
    await model.applyEdits(1, [{ kind: 'disconnect', edge_id: model.workflow()?.graph.edges[0]?.id ?? '' }], writable);
    const { document: _document, ...state } = model.state({ readOnly: true, reason: 'untrusted' });
    const {
      baseVersion: _base,
      edits: _edits,
      ...edited
    } = model.update(1, { readOnly: true, reason: 'untrusted' }).params as { baseVersion: number; edits: unknown };
    expect(edited).toEqual(state);
    expect(state.errors.length).toBeGreaterThan(0);
  });

  it('shows what the parser says of the written text when the edited whole breaks a rule no single edit could see (depth)', async () => {
    const { document, model } = modelOf();
    let deep: unknown = 'bottom';
    for (let i = 0; i < MAX_JSON_DEPTH - 3; i++) deep = { d: deep };
    const applied = await model.applyEdits(
      1,
      [{ kind: 'set_node_data', node_id: 'prompt', path: ['deep'], value: deep as never }],
      writable,
    );
    expect(applied.ok).toBe(true);
    const fromText = parseWorkflowText(document.getText());
    expect(fromText.ok).toBe(false);
    expect(model.state(writable)).toMatchObject({ version: 2, document: null });
    expect(model.update(1, writable).method).toBe('workflow/state');
  });

  it('reproduces the next state exactly: the previous document with the update’s edits is the new document (property)', async () => {
    let confirmed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(likelyEdit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        async (batches) => {
          const { document, model } = modelOf();
          for (const batch of batches) {
            const before = model.state(writable);
            const applied = await model.applyEdits(before.version, batch as WorkflowEdit[], writable);
            const update = overTheWire(model.update(before.version, writable));
            if (!applied.ok || applied.value.length === 0) {
              expect(model.state(writable).version).toBe(before.version);
              continue;
            }
            expect(update.method).toBe('workflow/edited');
            if (update.method !== 'workflow/edited' || !before.document)
              throw new Error('expected workflow/edited on a valid document');
            const replayed = applyWorkflowEdits(overTheWire(before.document), update.params.edits);
            expect(replayed.ok && overTheWire(replayed.value)).toEqual(overTheWire(model.state(writable).document));
            // …and what the panels are told is what the file now says.
            const fromText = parseWorkflowText(document.getText());
            expect(fromText.ok && overTheWire(fromText.value)).toEqual(overTheWire(model.state(writable).document));
            confirmed++;
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(confirmed).toBeGreaterThan(150);
  });
});

/** Two panels over one real document model; only what is posted is recorded. */
function twoPanels() {
  const { document, model } = modelOf();
  const panel = () => {
    const posted: HostMessage[] = [];
    const port = {
      model,
      isOpen: () => true,
      access: () => writable,
      postRaw: (m: HostMessage) => void posted.push(m),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined },
    } as unknown as PanelPort;
    return { dispatcher: new PanelDispatcher(port), posted };
  };
  return { document, model, a: panel(), b: panel() };
}

const methods = (posted: readonly HostMessage[]): string[] => posted.map((m) => (m.type === 'notification' ? m.method : m.type));
const ready = { type: 'command', method: 'webview/ready', params: {} };

describe('PanelDispatcher.postDocument', () => {
  it('sends every panel holding the previous version the edits, and a panel that reloaded the whole state', async () => {
    const { a, b } = twoPanels();
    await a.dispatcher.receive(ready);
    await b.dispatcher.receive(ready);
    await a.dispatcher.receive({
      type: 'command',
      method: 'workflow/edits/apply',
      params: { baseVersion: 1, edits: moveAudio(7) },
    });
    a.dispatcher.postDocument();
    b.dispatcher.postDocument();
    expect(methods(a.posted)).toEqual(['workflow/state', 'workflow/edited']);
    expect(methods(b.posted)).toEqual(['workflow/state', 'workflow/edited']);
    // A panel recreated after being hidden starts over: ready without `shown` → the whole state.
    await b.dispatcher.receive(ready);
    await a.dispatcher.receive({
      type: 'command',
      method: 'workflow/edits/apply',
      params: { baseVersion: 2, edits: moveAudio(8) },
    });
    b.dispatcher.postDocument();
    expect(methods(b.posted)).toEqual(['workflow/state', 'workflow/edited', 'workflow/state', 'workflow/edited']);
  });

  it('counts the state embedded in the HTML as sent, so the first edit comes back as edits', async () => {
    const { a, model } = twoPanels();
    const { version, readOnly } = model.state(writable);
    await a.dispatcher.receive({ ...ready, params: { shown: { version, readOnly } } });
    await a.dispatcher.receive({
      type: 'command',
      method: 'workflow/edits/apply',
      params: { baseVersion: version, edits: moveAudio(9) },
    });
    a.dispatcher.postDocument();
    expect(methods(a.posted)).toEqual(['workflow/edited']);
  });

  it('answers workflow/resync with the whole state', async () => {
    const { a } = twoPanels();
    await a.dispatcher.receive(ready);
    await a.dispatcher.receive({ type: 'command', method: 'workflow/resync', params: {} });
    expect(methods(a.posted)).toEqual(['workflow/state', 'workflow/state']);
  });

  it('sends the whole state after an outside change of the text', async () => {
    const { a, document } = twoPanels();
    await a.dispatcher.receive(ready);
    document.setText(document.getText().replace('"x": 0', '"x": 1'));
    a.dispatcher.postDocument();
    expect(methods(a.posted)).toEqual(['workflow/state', 'workflow/state']);
  });
});
