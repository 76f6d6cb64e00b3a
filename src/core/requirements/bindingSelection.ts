/** Which bindings of a payload an environment is built from. Pure. */
import type { BindingV1, DependencyRequirementsV1 } from '../contracts/requirements.js';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';

/** The outcome of {@link selectBindings}. */
export interface BindingSelection {
  /** Selected bindings, sorted by `binding_id`, each at most once. */
  readonly bindings: BindingV1[];
  /** Requested ids that name no binding, in request order, de-duplicated. */
  readonly unknownIds: string[];
  /**
   * One `unknown_binding_id` per unknown id (path `['selected_binding_ids', i]`, a warning: the id
   * is dropped), plus `no_dependency_bindings` when nothing is selected (fatal).
   */
  readonly errors: StructuredError[];
}

/**
 * Selects bindings by the contract's order: `explicitIds` (the node input) when it is a non-empty
 * list, else the payload's `selected_binding_ids` when non-empty, else all bindings. Unknown ids
 * are dropped and reported; requested ids never fall back to a broader selection even if all are
 * unknown. Duplicate ids select once. The result is sorted by `binding_id` (stable for equal ids).
 * An empty selection adds `no_dependency_bindings`.
 */
export function selectBindings(payload: DependencyRequirementsV1, explicitIds?: readonly string[] | null): BindingSelection {
  const all = Array.isArray(payload.bindings) ? payload.bindings : [];
  const requested = nonEmpty(explicitIds) ?? nonEmpty(payload.selected_binding_ids);
  const source = nonEmpty(explicitIds) ? 'the node input' : 'the payload';
  const errors: StructuredError[] = [];
  const unknownIds: string[] = [];
  let bindings: BindingV1[];
  if (requested === undefined) {
    bindings = [...all];
  } else {
    const wanted = new Set<string>();
    requested.forEach((id, i) => {
      if (all.some((b) => b.binding_id === id)) {
        wanted.add(id);
      } else if (!unknownIds.includes(id)) {
        unknownIds.push(id);
        errors.push(
          structuredError(
            'unknown_binding_id',
            `binding id ${JSON.stringify(id)} selected by ${source} is not in the payload; it was ignored`,
            ['selected_binding_ids', i],
          ),
        );
      }
    });
    bindings = all.filter((b) => wanted.has(b.binding_id));
  }
  bindings.sort((a, b) => (a.binding_id < b.binding_id ? -1 : a.binding_id > b.binding_id ? 1 : 0));
  if (bindings.length === 0) {
    errors.push(
      structuredError(
        'no_dependency_bindings',
        all.length === 0
          ? 'the dependency requirements contain no bindings'
          : 'none of the selected binding ids is in the payload',
        requested === undefined ? ['bindings'] : ['selected_binding_ids'],
        'Check the model library entry, or the selected_binding_ids input.',
      ),
    );
  }
  return { bindings, unknownIds, errors };
}

function nonEmpty(ids: readonly string[] | null | undefined): readonly string[] | undefined {
  return Array.isArray(ids) && ids.length > 0 ? ids : undefined;
}
