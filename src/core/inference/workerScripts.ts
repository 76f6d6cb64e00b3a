/**
 * Where the shipped Python worker scripts live: `python/workers/` under the extension root.
 */
import { join } from 'node:path';
import { findExtensionRoot } from '../library/extensionRoot.js';
import { AUDIO_GENERATION_NODE, PYTORCH_INFERENCE_NODE, TEXT_GENERATION_NODE } from '../workflow/nodeTypes.js';

/** Worker script file names by node type. */
export const WORKER_SCRIPTS = {
  [AUDIO_GENERATION_NODE]: 'audio_generation.py',
  [PYTORCH_INFERENCE_NODE]: 'pytorch_inference.py',
  [TEXT_GENERATION_NODE]: 'text_generation.py',
} as const;
export type WorkerNodeType = keyof typeof WORKER_SCRIPTS;

/** The folder holding the worker scripts (default root: the located extension root). No I/O beyond locating the root. */
export function workersDir(root: string = findExtensionRoot()): string {
  return join(root, 'python', 'workers');
}

/** Absolute path of the worker script for `nodeType`. */
export function workerScriptPath(nodeType: WorkerNodeType, root: string = findExtensionRoot()): string {
  return join(workersDir(root), WORKER_SCRIPTS[nodeType]);
}
