/** PEP 503 package-name normalization. Pure. */

/**
 * Normalizes a distribution name per PEP 503: lowercase, every run of `-`, `_`, `.` becomes `-`.
 * @example normalizePackageName('Stable_Audio.Tools') === 'stable-audio-tools'
 */
export function normalizePackageName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}
