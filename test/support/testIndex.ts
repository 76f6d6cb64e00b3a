/**
 * The package index the real-index suites install from (real wheels with compiled code: torch,
 * transformers, numpy, …). Found once per process, never skipped: `PANTOGRAPH_TEST_INDEX_URL` (and
 * `PANTOGRAPH_TEST_FIND_LINKS` for a wheel folder, e.g. the CPU torch wheel), else the local mirror
 * that machines of this kind carry (`/opt/pypi/simple`, wheel folder `/opt/wheels`). A machine
 * without either fails these suites with a message saying what to set.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the real-index suites get packages: a PEP 503 index URL and optional wheel folders. */
export interface TestPackageIndex {
  /** A `file://` or `http(s)://` PEP 503 simple index. */
  readonly indexUrl: string;
  /** Local wheel folders (pip `--find-links`), possibly empty. */
  readonly findLinks: readonly string[];
}

const MIRROR_INDEX = '/opt/pypi/simple';
const MIRROR_WHEELS = '/opt/wheels';

/**
 * Returns the test package index, or throws an Error naming the variables to set when this machine
 * has none (so a suite fails loudly instead of being skipped).
 */
export function testPackageIndex(env: NodeJS.ProcessEnv = process.env): TestPackageIndex {
  const configured = env.PANTOGRAPH_TEST_INDEX_URL?.trim();
  const indexUrl = configured || (existsSync(MIRROR_INDEX) ? pathToFileURL(MIRROR_INDEX).href : '');
  if (!indexUrl) {
    throw new Error(
      `no package index for the real-index suites: set PANTOGRAPH_TEST_INDEX_URL to a PEP 503 index (and PANTOGRAPH_TEST_FIND_LINKS to a wheel folder with a CPU torch wheel), or provide the local mirror at ${MIRROR_INDEX}`,
    );
  }
  const links = env.PANTOGRAPH_TEST_FIND_LINKS?.trim();
  const findLinks = links
    ? links
        .split(/[;\n]/)
        .map((l) => l.trim())
        .filter(Boolean)
    : existsSync(MIRROR_WHEELS)
      ? [MIRROR_WHEELS]
      : [];
  return { indexUrl, findLinks };
}

/** The ML stack the heavy suites pin: all installable from the local mirror (torch from its wheel folder). */
export const HEAVY_STACK_PINS = {
  torch: '2.13.0+cpu',
  transformers: '5.17.0',
  safetensors: '0.8.0',
  tokenizers: '0.23.2',
  numpy: '2.4.6',
  soundfile: '0.14.0',
} as const;

/**
 * The flat file folder next to a `file://` mirror index (`…/simple` → `…/files`): every file the
 * index serves, usable as a wheel folder (`--find-links`). Throws for an index that is not a local
 * mirror, naming it.
 */
export function mirrorFilesFolder(indexUrl: string = testPackageIndex().indexUrl): string {
  if (!indexUrl.startsWith('file:')) throw new Error(`needs a file:// mirror index with a files folder, not ${indexUrl}`);
  return join(fileURLToPath(indexUrl), '..', 'files');
}
