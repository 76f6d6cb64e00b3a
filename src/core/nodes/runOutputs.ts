/**
 * Where a workflow's run outputs go — one rule for the CLI and the extension — and which output
 * is playable audio. Pure.
 */
import { basename, dirname, extname, join } from 'node:path';

/**
 * The run output folder: `<workflow folder>/<workflow name>.outputs/` for a saved file (next to
 * the workflow), else `<dataDir>/runs/untitled`. The CLI's `--output-dir` replaces it.
 * @example runOutputDir('/w/demo.pantograph', '/data') === '/w/demo.outputs'
 */
export function runOutputDir(workflowPath: string | null, dataDir: string): string {
  if (workflowPath === null) return join(dataDir, 'runs', 'untitled');
  const name = basename(workflowPath, extname(workflowPath)) || 'workflow';
  return join(dirname(workflowPath), `${name}.outputs`);
}

/** The WAV path among a node's outputs (`audio` as a path string or `{ path }`), if any. */
export function audioPathOf(outputs: Readonly<Record<string, unknown>>): string | undefined {
  const audio = outputs.audio;
  if (typeof audio === 'string' && audio.toLowerCase().endsWith('.wav')) return audio;
  if (typeof audio === 'object' && audio !== null && typeof (audio as { path?: unknown }).path === 'string')
    return (audio as { path: string }).path;
  return undefined;
}
