/** The text-input node: outputs its `data.text` as `text`. */
import type { NodeRunner } from '../workflow/executorTypes.js';

/** Builds the runner; a missing text is the empty string. */
export function createTextInputRunner(): NodeRunner {
  return async ({ node }) => ({ text: typeof node.data.text === 'string' ? node.data.text : '' });
}
