/**
 * Vitest global setup of `npm test`: installs the Debian packages the suites need when they are
 * missing (as root), or stops the run with the exact command to run — so the README's test command
 * sets the machine up by itself, as `npm run test:e2e` does through scripts/e2e/setup.sh.
 */
import { ensureSystemPackages } from './systemPackages.js';

/** Runs once before any test file (vitest `globalSetup`). */
export function setup(): void {
  ensureSystemPackages();
}
