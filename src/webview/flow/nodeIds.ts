/** Fresh node ids for added and pasted nodes. Pure and deterministic. */

/**
 * The first of `base`, `base-2`, `base-3`, … not in `taken`; adds the result to `taken` so a batch
 * can call it repeatedly.
 * @example uniqueId('text-input', new Set(['text-input'])) === 'text-input-2'
 */
export function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
