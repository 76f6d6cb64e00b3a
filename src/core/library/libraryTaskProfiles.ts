/**
 * The task profiles in effect for one model library: the bundled ones, overlaid by the library's
 * `pantograph-profiles.json` when it has one. One small file read.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StructuredError } from '../errors/structuredError.js';
import { readStrictJsonFile } from './readJsonFile.js';
import { BUNDLED_TASK_PROFILES, LIBRARY_PROFILES_FILE, mergeTaskProfiles, parseTaskProfilesOverlay } from './taskProfiles.js';
import type { TaskProfiles } from './taskProfiles.js';

/** The effective profiles and the overlay's problems (`invalid_model_library`, naming the file). */
export interface LibraryTaskProfiles {
  readonly profiles: TaskProfiles;
  readonly problems: readonly StructuredError[];
}

/**
 * Reads `<libraryDir>/pantograph-profiles.json`: absent → the bundled profiles; not JSON (line
 * and column in the message) or failing the overlay schema → the bundled profiles plus the
 * problems; else the merge ({@link mergeTaskProfiles}). `base` defaults to the bundled profiles.
 * Never throws.
 */
export async function loadLibraryTaskProfiles(
  libraryDir: string,
  base: TaskProfiles = BUNDLED_TASK_PROFILES,
): Promise<LibraryTaskProfiles> {
  const file = join(libraryDir, LIBRARY_PROFILES_FILE);
  try {
    await stat(file);
  } catch {
    return { profiles: base, problems: [] };
  }
  const read = await readStrictJsonFile(file, 'invalid_model_library');
  if (!read.ok) return { profiles: base, problems: read.errors };
  const overlay = parseTaskProfilesOverlay(read.value, file);
  if (!overlay.ok) return { profiles: base, problems: overlay.errors };
  return { profiles: mergeTaskProfiles(base, overlay.value, file), problems: [] };
}
