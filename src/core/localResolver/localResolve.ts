/**
 * Resolution without pip, for the case it is certain: offline (`--no-index`) requirements that
 * are exact pins found in local wheel folders (`--find-links`) or local `.whl` files. The answer is
 * the set pip's resolver would pick — or "not certain" with a reason, and the caller runs pip.
 *
 * Why the result equals pip's: a root's distribution is the highest version among the folders'
 * files that satisfies its root pin (which pip knows from its first step) and must satisfy every
 * constraint that turns up later; any other distribution must be the highest version that EACH of
 * its constraints allows on its own. Whatever subset of the constraints pip has seen when it picks
 * a name, the highest file satisfying them is then this one: pip picks it at the first attempt and
 * never backtracks. Among the fitting wheels of the chosen version it takes pip's: the best
 * (lowest) supported-tag rank, then the highest build tag. Whatever this module cannot model
 * exactly — indexes, pre-releases, extras, URL dependencies, platform wheels where the
 * interpreter's platform tags are not known (`wheelTags.ts`), wheels of one version pip would rank
 * equal, source archives at the chosen version or above, an uncertain marker, a conflict — makes
 * it step aside.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compare, explain } from '@renovatebot/pep440';
import { sha256OfFile } from '../packageStore/fileOps.js';
import { byName, sourceOf } from '../packageStore/pipReport.js';
import type { ResolvedDistribution } from '../packageStore/pipReport.js';
import { versionMatchesPin, versionSatisfies } from '../requirements/pep440.js';
import { normalizeDistName } from '../wheelInstaller/wheelMetadata.js';
import {
  buildTagKey,
  preferredWheel,
  scanWheelFolders,
  supportedTagsFor,
  wheelCompatibility,
  wheelNameParts,
} from './localCandidates.js';
import type { CandidateFile, CandidateIndex, SupportedTags } from './localCandidates.js';
import { evaluateMarker } from './pep508Markers.js';
import { parseDependencySpec } from './pep508Requirement.js';
import type { DependencySpec } from './pep508Requirement.js';
import { readWheelCoreMetadata } from './wheelCoreMetadata.js';
import type { TagTarget } from './wheelTags.js';

/**
 * What the local resolver needs to know about the target interpreter (`InterpreterFacts` fits):
 * `majorMinor`, `implementation`, `markerEnvironment` and the `wheelTags` facts.
 */
export type ResolverTarget = TagTarget;

/** The resolved set (sorted by name, as pip's report is parsed), or why pip has to decide. */
export type LocalResolution =
  | { readonly resolved: true; readonly distributions: ResolvedDistribution[] }
  | { readonly resolved: false; readonly reason: string };

/** A dependency still to be satisfied, with who asked for it (for reasons). */
interface Pending {
  readonly spec: DependencySpec;
  readonly requestedBy: string | null;
}

interface Chosen {
  readonly file: CandidateFile;
  readonly version: string;
  readonly direct: boolean;
}

class NotCertain extends Error {}

/** A URL with a scheme (`https://…`, `file://…`), as opposed to a local path. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function notCertain(reason: string): never {
  throw new NotCertain(reason);
}

/** One top-level requirement, as the installer would hand it to pip. */
export interface RootRequirement {
  /** PEP 503 normalized name. */
  readonly name: string;
  /** The exact pin (`==version`), used when `direct` is `null`. */
  readonly version: string;
  /** A direct reference (`name @ <this>`): a path or URL; only local `.whl` files are resolved here. */
  readonly direct: string | null;
  readonly markers: string | null;
  /** `sha256:<hex>` entries. */
  readonly hashes: readonly string[];
}

/** What to resolve: the roots and the local wheel folders pip would get as `--find-links`, offline. */
export interface LocalResolveInput {
  readonly roots: readonly RootRequirement[];
  readonly folders: readonly string[];
  /** True when pip would run with `--require-hashes` (every resolved file must match a pinned hash). */
  readonly hashChecked: boolean;
}

/**
 * Resolves `input` for `target` from local files only, as pip would with `--no-index`. Never
 * throws: I/O errors and malformed archives come back as `{ resolved: false }` too (pip then
 * reports them in its own words).
 */
export async function resolveLocally(
  input: LocalResolveInput,
  target: ResolverTarget,
  signal?: AbortSignal,
): Promise<LocalResolution> {
  try {
    return { resolved: true, distributions: await resolveOrThrow(input, target, signal) };
  } catch (error) {
    return {
      resolved: false,
      reason: error instanceof NotCertain ? error.message : `cannot read a wheel: ${(error as Error).message}`,
    };
  }
}

async function resolveOrThrow(
  input: LocalResolveInput,
  target: ResolverTarget,
  signal?: AbortSignal,
): Promise<ResolvedDistribution[]> {
  if (input.folders.some((folder) => URL_SCHEME.test(folder))) notCertain('a wheel folder is a URL');
  const supported = supportedTagsFor(target);
  const index = await scanWheelFolders(input.folders, supported);
  const environment: Readonly<Record<string, string>> = { ...target.markerEnvironment, extra: '' };
  const python = environment['python_full_version'] ?? '';

  const rootSpecs = new Map<string, string>();
  const directFiles = new Map<string, CandidateFile>();
  const hashes = new Map<string, readonly string[]>();
  const queue: Pending[] = [];
  for (const root of input.roots) {
    if (root.markers && root.markers.trim() !== '') {
      const applies = evaluateMarker(root.markers, environment);
      if (applies === null) notCertain(`cannot evaluate the marker of ${root.name}: ${root.markers}`);
      if (applies === false) continue;
    }
    hashes.set(root.name, root.hashes);
    if (root.direct !== null) {
      directFiles.set(root.name, localDirectWheel(root.name, root.direct, supported));
      rootSpecs.set(root.name, '');
    } else {
      rootSpecs.set(root.name, `==${root.version}`);
    }
    queue.push({
      spec: { name: root.name, extras: [], specifier: rootSpecs.get(root.name) ?? '', url: null, marker: null },
      requestedBy: null,
    });
  }

  const chosen = new Map<string, Chosen>();
  for (let at = 0; at < queue.length; at += 1) {
    if (signal?.aborted) notCertain('cancelled');
    const { spec, requestedBy } = queue[at]!;
    const asked = requestedBy === null ? `${spec.name}` : `${spec.name} (required by ${requestedBy})`;
    if (spec.extras.length > 0) notCertain(`${asked} asks for extras [${spec.extras.join(',')}]`);
    if (spec.url !== null) notCertain(`${asked} is a URL dependency`);
    const known = chosen.get(spec.name);
    if (known !== undefined) {
      checkConstraint(known, spec, asked, rootSpecs.has(spec.name), index);
      continue;
    }
    const pick = choose(spec, rootSpecs.get(spec.name) ?? null, index, directFiles, supported);
    checkConstraint(pick, spec, asked, rootSpecs.has(spec.name), index);
    const metadata = await readWheelCoreMetadata(pick.file.path);
    if (metadata === null) notCertain(`${pick.file.fileName} has no readable METADATA`);
    if (normalizeDistName(metadata.name) !== spec.name || compare(metadata.version, pick.version) !== 0)
      notCertain(`${pick.file.fileName} says it is ${metadata.name} ${metadata.version}`);
    if (metadata.requiresPython !== null && !versionSatisfies(python, metadata.requiresPython))
      notCertain(`${pick.file.fileName} requires Python ${metadata.requiresPython}`);
    chosen.set(spec.name, { ...pick, version: metadata.version });
    for (const line of metadata.requiresDist) {
      const dependency = parseDependencySpec(line);
      if (dependency === null) notCertain(`cannot read the dependency "${line}" of ${spec.name}`);
      if (dependency.marker !== null) {
        const applies = evaluateMarker(dependency.marker, environment);
        if (applies === null) notCertain(`cannot evaluate the marker of "${line}" (${spec.name})`);
        if (applies === false) continue;
      }
      queue.push({ spec: dependency, requestedBy: spec.name });
    }
  }
  return finish(chosen, rootSpecs, input.hashChecked ? hashes : null, signal);
}

/**
 * The one file pip would take for `spec.name`: the highest version satisfying the root pin when
 * the name is a root, else satisfying the first constraint met. Throws {@link NotCertain}.
 */
function choose(
  spec: DependencySpec,
  rootSpec: string | null,
  index: CandidateIndex,
  directFiles: ReadonlyMap<string, CandidateFile>,
  supported: SupportedTags | null,
): Chosen {
  const direct = directFiles.get(spec.name);
  if (direct !== undefined) return { file: direct, version: direct.version, direct: true };
  const candidates = index.candidates(spec.name);
  if (candidates.length === 0) notCertain(`no local file for ${spec.name}`);
  for (const candidate of candidates) {
    const parsed = explain(candidate.version);
    if (parsed === null || parsed.is_prerelease || parsed.is_devrelease) notCertain(`${candidate.fileName} is a pre-release`);
    if (candidate.kind === 'wheel' && candidate.compatibility === 'unknown')
      notCertain(`${candidate.fileName} has platform tags and ${whyTagsUnknown(supported)}`);
  }
  const governing = rootSpec ?? spec.specifier;
  const highest = highestMatching(candidates, governing);
  if (highest === null) notCertain(`no local file for ${spec.name}${governing}`);
  const wheels = candidates.filter(
    (c) => c.kind === 'wheel' && c.compatibility === 'compatible' && compare(c.version, highest) === 0,
  );
  if (wheels.length === 0) notCertain(`0 wheels of ${spec.name} ${highest} fit`);
  const wheel = preferredWheel(wheels);
  if ('reason' in wheel) notCertain(`${wheels.length} wheels of ${spec.name} ${highest} fit and ${wheel.reason}`);
  return { file: wheel, version: wheel.version, direct: false };
}

/** Why a platform-tagged wheel cannot be judged, for a reason string. */
function whyTagsUnknown(supported: SupportedTags | null): string {
  if (supported === null) return 'the wheel tags of this Python implementation are not known';
  return `this Python's platform tags are not known (${supported.platformUnknown ?? 'unknown'})`;
}

/**
 * One constraint on an already chosen distribution: it must be met, and for a name that is not a
 * root, the choice must also be the highest file this constraint alone allows — so whichever
 * subset of the constraints pip knows when it picks the name, it picks this one.
 */
function checkConstraint(pick: Chosen, spec: DependencySpec, asked: string, isRoot: boolean, index: CandidateIndex): void {
  if (!specifierMatches(pick.version, spec.specifier)) notCertain(`${asked}${spec.specifier} excludes ${pick.version}`);
  if (isRoot || pick.direct) return;
  const highest = highestMatching(index.candidates(spec.name), spec.specifier);
  if (highest === null || compare(highest, pick.version) !== 0)
    notCertain(`${asked}${spec.specifier} alone would pick ${highest ?? 'nothing'}, another constraint picks ${pick.version}`);
}

/** The highest version among wheels that fit and source archives that satisfies `specifier`, or `null`. */
function highestMatching(candidates: readonly CandidateFile[], specifier: string): string | null {
  let highest: string | null = null;
  for (const c of candidates)
    if (
      c.compatibility !== 'incompatible' &&
      specifierMatches(c.version, specifier) &&
      (highest === null || compare(c.version, highest) > 0)
    )
      highest = c.version;
  return highest;
}

/** The candidate of a requirement given as a file (`name @ …`): a local `.whl` only. */
function localDirectWheel(name: string, location: string, supported: SupportedTags | null): CandidateFile {
  const isUrl = URL_SCHEME.test(location);
  if (isUrl && !/^file:/i.test(location)) notCertain(`${name} comes from a URL`);
  const url = isUrl ? location : pathToFileURL(location).href;
  const filePath = sourceOf(url);
  const fileName = path.basename(filePath);
  const parts = wheelNameParts(fileName);
  if (parts === null) notCertain(`${name} comes from a source folder or archive`);
  if (normalizeDistName(parts.name) !== name) notCertain(`${fileName} is not a wheel of ${name}`);
  const fit = wheelCompatibility(fileName, supported);
  if (fit.compatibility === 'unknown') notCertain(`${fileName} has platform tags and ${whyTagsUnknown(supported)}`);
  if (fit.compatibility === 'incompatible') notCertain(`${fileName} does not fit this Python`);
  return { path: filePath, url, fileName, version: parts.version, kind: 'wheel', ...fit, build: buildTagKey(parts.build) };
}

/** Hashes the chosen files and builds the distributions (hash-checked plans: every hash must be a pinned one). */
async function finish(
  chosen: ReadonlyMap<string, Chosen>,
  rootSpecs: ReadonlyMap<string, string>,
  hashes: ReadonlyMap<string, readonly string[]> | null,
  signal?: AbortSignal,
): Promise<ResolvedDistribution[]> {
  const entries = [...chosen.entries()];
  const sha256s = await Promise.all(entries.map(([, pick]) => sha256OfFile(pick.file.path, signal)));
  const distributions = entries.map(([name, pick], i): ResolvedDistribution => {
    const sha256 = sha256s[i]!;
    if (hashes !== null && !(hashes.get(name) ?? []).includes(`sha256:${sha256}`))
      notCertain(`${pick.file.fileName} is not among the pinned hashes of ${name}`);
    return {
      name,
      version: pick.version,
      url: pick.file.url,
      source: sourceOf(pick.file.url),
      fileName: pick.file.fileName,
      kind: 'wheel',
      indexSha256: sha256,
      requested: rootSpecs.has(name),
      isDirect: pick.direct,
    };
  });
  return distributions.sort(byName);
}

/** True when `version` meets every clause of `specifier` (`''` = any); exact pins follow PEP 440's local-version rule. */
function specifierMatches(version: string, specifier: string): boolean {
  if (specifier === '') return true;
  return specifier
    .split(',')
    .every((clause) => (/^==[^=*]+$/.test(clause) ? versionMatchesPin(version, clause) : versionSatisfies(version, clause)));
}
