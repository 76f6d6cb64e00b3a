/**
 * PEP 440 version handling on top of `@renovatebot/pep440`, plus the local-version rule that
 * library gets wrong for exact pins. Pure, no I/O.
 */
import { clean, parse, satisfies, valid } from '@renovatebot/pep440';

/** The canonical PEP 440 form of `version`, or `null` when it is not a valid version. */
export function normalizeVersion(version: string): string | null {
  const trimmed = version.trim();
  if (valid(trimmed) === null) return null;
  return clean(trimmed) ?? trimmed.toLowerCase();
}

/** The local segment of a version (`cu121` of `2.5.1+cu121`), lowercased, or `null`. */
export function localSegment(version: string): string | null {
  const parsed = parse(version.trim()) as { local?: (string | number)[] | null } | null;
  if (!parsed || !parsed.local || parsed.local.length === 0) return null;
  return parsed.local.join('.').toLowerCase();
}

/**
 * True when `installed` satisfies the exact pin `==<version>` by PEP 440 rules:
 * a pin without a local segment ignores the installed local segment (`2.5.1+cu121` satisfies
 * `==2.5.1`); a pin with a local segment requires the same local segment (`2.5.1+cu118` does not
 * satisfy `==2.5.1+cu121`). Invalid versions never satisfy.
 */
export function versionMatchesPin(installed: string, exactPin: string): boolean {
  const pin = exactPin.trim();
  if (!pin.startsWith('==') || pin.startsWith('===')) return false;
  const pinned = pin.slice(2).trim();
  if (valid(installed.trim()) === null || valid(pinned) === null) return false;
  if (!satisfies(installed.trim(), `==${pinned}`)) return false;
  const pinnedLocal = localSegment(pinned);
  return pinnedLocal === null || pinnedLocal === localSegment(installed);
}

/** True when `version` satisfies a PEP 440 specifier set such as `>=3.12,<3.13`. An empty spec matches all. */
export function versionSatisfies(version: string, specifier: string | null | undefined): boolean {
  if (!specifier || specifier.trim() === '') return true;
  if (valid(version.trim()) === null) return false;
  try {
    return satisfies(version.trim(), specifier.trim());
  } catch {
    return false;
  }
}
