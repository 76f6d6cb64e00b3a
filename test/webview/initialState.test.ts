import { describe, expect, it } from 'vitest';
import { notificationMessage, parseHostMessage } from '../../src/core/protocol/envelope.js';
import { INITIAL_STATE_ELEMENT_ID } from '../../src/core/protocol/initialState.js';
import { readInitialState } from '../../src/webview/initialState.js';
import { generatedDocument, sampleDocument } from './support/fixtures.js';

const page = (message: unknown) => ({
  getElementById: (id: string) => (id === INITIAL_STATE_ELEMENT_ID ? { textContent: JSON.stringify(message) } : null),
});
const state = (document: unknown) =>
  notificationMessage('workflow/state', { version: 4, document: document as never, errors: [], readOnly: false });

describe('embedded initial state', () => {
  it('gives exactly what the full zod parse gives, for a large valid state', () => {
    const message = state(generatedDocument(200, 240));
    const full = parseHostMessage(JSON.parse(JSON.stringify(message)));
    expect(full.ok).toBe(true);
    expect(readInitialState(page(message))).toEqual(full.ok ? full.value : undefined);
  });

  it('drops fields the schema does not know from nodes and edges, as zod does', () => {
    const doc = sampleDocument();
    const withExtras = {
      ...doc,
      graph: {
        nodes: doc.graph.nodes.map((n) => ({ ...n, selected: true, measured: { width: 1 } })),
        edges: doc.graph.edges.map((e) => ({ ...e, animated: true })),
      },
    };
    const read = readInitialState(page(state(withExtras)));
    expect(read?.method === 'workflow/state' && read.params.document?.graph).toEqual(doc.graph);
  });

  it('rejects the whole state when one node or edge breaks the schema’s rules', () => {
    const broken: ((d: ReturnType<typeof sampleDocument>) => void)[] = [
      (d) => void (d.graph.nodes[1]!.position = { x: 'a' as never, y: 0 }),
      (d) => void (d.graph.nodes[2]!.id = ''),
      (d) => void (d.graph.nodes[0]!.data = [] as never),
      (d) => void delete (d.graph.nodes[3] as { node_type?: string }).node_type,
      (d) => void (d.graph.edges[0]!.target_handle = 7 as never),
      (d) => void ((d.graph as { nodes: unknown }).nodes = {}),
    ];
    for (const breakIt of broken) {
      const doc = sampleDocument();
      breakIt(doc);
      expect(readInitialState(page(state(doc)))).toBeUndefined();
    }
    // The rest still goes through zod: a bad metadata or version rejects too.
    expect(readInitialState(page(state({ ...sampleDocument(), version: 2 })))).toBeUndefined();
    expect(readInitialState(page({ ...state(sampleDocument()), params: { version: 'x' } }))).toBeUndefined();
  });

  it('checks the graph problems by the schema’s rules too: the same result as zod, bad items reject', () => {
    const errors = [
      ...Array.from({ length: 40 }, (_, i) => ({ code: 'missing_input', message: `m${i}`, path: ['graph', 'nodes', i, 'data'] })),
      { code: 'invalid_json', message: 'bad', path: [], hint: 'fix it', line: 3, column: 7, extra: true },
    ];
    const message = notificationMessage('workflow/state', {
      version: 4,
      document: sampleDocument(),
      errors: errors as never,
      readOnly: false,
    });
    const full = parseHostMessage(JSON.parse(JSON.stringify(message)));
    expect(full.ok).toBe(true);
    const read = readInitialState(page(message));
    expect(read).toEqual(full.ok ? full.value : undefined);
    expect(read?.method === 'workflow/state' && read.params.errors.at(-1)).not.toHaveProperty('extra');
    const broken = [
      { code: 1, message: 'x', path: [] },
      { code: 'c', message: 'x', path: [{}] },
      { code: 'c', message: 'x', path: 'graph' },
      { code: 'c', message: 'x', path: [], line: '3' },
      { code: 'c', message: 'x', path: [], hint: 4 },
      'not an object',
    ];
    for (const bad of broken) {
      const withBad = { ...message, params: { ...message.params, errors: [...errors, bad] } };
      expect(readInitialState(page(withBad))).toBeUndefined();
    }
  });

  it('accepts a state without a document (a file that does not parse)', () => {
    const message = notificationMessage('workflow/state', {
      version: 1,
      document: null,
      errors: [{ code: 'invalid_json', message: 'bad', path: [] }],
      readOnly: false,
    });
    expect(readInitialState(page(message))).toEqual(message);
  });
});
