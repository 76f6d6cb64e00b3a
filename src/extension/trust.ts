/**
 * Workspace trust: the error every front of the extension shows when the workspace is not
 * trusted (no Python is installed or run there). No `vscode` import.
 */
import { structuredError } from '../core/errors/structuredError.js';

/** The error shown when the workspace is not trusted. */
export const NOT_TRUSTED = structuredError(
  'not_trusted',
  'This workspace is not trusted: Pantograph installs and runs no Python here.',
  [],
  'Trust the workspace (Manage Workspace Trust) to ensure environments and run workflows.',
);
