/**
 * In-flight ensures and runs, one `AbortController` each, so Cancel (command, webview, progress
 * notification) and deactivation can abort them. Pure, no `vscode`.
 */

/** One running operation. */
export interface Operation {
  readonly id: string;
  readonly kind: 'ensure' | 'run';
  /** The workflow document's URI string. */
  readonly documentUri: string;
  /** The node ensured or run (a whole-workflow run has none). */
  readonly nodeId?: string;
  readonly label: string;
  readonly controller: AbortController;
}

/** The registry. */
export class OperationRegistry {
  readonly #operations = new Map<string, Operation>();
  #next = 1;
  readonly #listeners = new Set<() => void>();

  /** Starts tracking an operation; call the returned `done` when it settles. */
  start(
    kind: Operation['kind'],
    documentUri: string,
    label: string,
    nodeId?: string,
  ): { operation: Operation; done: () => void } {
    const operation: Operation = {
      id: `${kind}-${this.#next++}`,
      kind,
      documentUri,
      label,
      controller: new AbortController(),
      ...(nodeId !== undefined ? { nodeId } : {}),
    };
    this.#operations.set(operation.id, operation);
    this.#changed();
    return {
      operation,
      done: () => {
        if (this.#operations.delete(operation.id)) this.#changed();
      },
    };
  }

  /** Every operation, oldest first. */
  list(): Operation[] {
    return [...this.#operations.values()];
  }

  /** Whether an operation of `kind` runs on `documentUri` (and `nodeId`, when given). */
  isRunning(kind: Operation['kind'], documentUri: string, nodeId?: string): boolean {
    return this.list().some(
      (o) => o.kind === kind && o.documentUri === documentUri && (nodeId === undefined || o.nodeId === nodeId),
    );
  }

  /** Aborts the matching operations (all when no filter); returns how many were aborted. */
  cancel(filter: { documentUri?: string; nodeId?: string; id?: string } = {}): number {
    const matching = this.list().filter(
      (o) =>
        (filter.id === undefined || o.id === filter.id) &&
        (filter.documentUri === undefined || o.documentUri === filter.documentUri) &&
        (filter.nodeId === undefined || o.nodeId === filter.nodeId),
    );
    for (const o of matching) o.controller.abort();
    return matching.length;
  }

  /** Called whenever an operation starts or ends. Returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
