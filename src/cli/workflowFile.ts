/**
 * Reads a `.pantograph` file for the CLI: parse and validate the graph, reporting every problem
 * at once as `file:line:column code message` (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { runOutputDir } from '../core/nodes/runOutputs.js';
import { isLocatedError } from '../core/workflow/sourceLocation.js';
import { parseWorkflowText } from '../core/workflow/parseWorkflow.js';
import { validateWorkflowGraph } from '../core/workflow/validateGraph.js';
import type { WorkflowDocument } from '../core/workflow/workflowSchema.js';
import type { StructuredError } from '../core/errors/structuredError.js';
import { CliError, EXIT_USAGE } from './exitCodes.js';
import { locateJsonPath } from './jsonLocation.js';

/** A parsed, graph-valid workflow and where it came from. */
export interface LoadedWorkflow {
  readonly path: string;
  readonly text: string;
  readonly doc: WorkflowDocument;
}

/** `file:line:column code message` for one error (the message's own `(line, column)` suffix dropped). */
export function formatLocatedError(file: string, text: string, error: StructuredError): string {
  const position = isLocatedError(error) ? { line: error.line, column: error.column } : locateJsonPath(text, error.path);
  const message = error.message.replace(/ \(line \d+, column \d+\)$/, '');
  return `${file}:${position.line}:${position.column} ${error.code} ${message}`;
}

/**
 * Reads, parses and graph-validates `path`. Throws a {@link CliError} with exit 2 listing every
 * error: syntax/schema errors from parsing, else every graph error (unknown node types, dangling
 * edges, cycles, missing required inputs…). `shownPath` is how the file is named in messages.
 */
export async function loadWorkflow(path: string, shownPath: string = path): Promise<LoadedWorkflow> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      EXIT_USAGE,
      `cannot read workflow ${shownPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { hint: 'Pass the path of a .pantograph file.' },
    );
  }
  const parsed = parseWorkflowText(text);
  const errors = parsed.ok ? validateWorkflowGraph(parsed.value) : parsed.errors;
  if (!parsed.ok || errors.length > 0) {
    throw new CliError(EXIT_USAGE, `workflow ${shownPath} is invalid (${errors.length} error${errors.length === 1 ? '' : 's'})`, {
      errors,
      details: errors.map((e) => formatLocatedError(shownPath, text, e)),
      hint: 'Fix the errors above (each is file:line:column code message) and run again.',
    });
  }
  return { path, text, doc: parsed.value };
}

/** The run output folder next to the workflow: `<dir>/<name>.outputs/` (core's `runOutputDir`, shared with the extension). */
export function defaultOutputDir(workflowPath: string): string {
  return runOutputDir(workflowPath, '');
}

/** `path` relative to `cwd` when it is inside it, else absolute (for messages). */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/') ? rel : path;
}
