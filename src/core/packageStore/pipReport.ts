/**
 * pip's installation report (`pip install --dry-run --report`, pip ≥ 22.2) parsed with zod and
 * turned into the distributions an environment needs. Pure: no I/O.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { normalizePackageName } from '../requirements/packageName.js';
import { redactCredentials } from '../store/manifest.js';
import type { ResolvedPackage } from '../store/manifest.js';

const ReportItemSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string().min(1), version: z.string().min(1) }),
  is_direct: z.boolean().default(false),
  requested: z.boolean().default(false),
  download_info: z.looseObject({
    url: z.string().min(1),
    archive_info: z.looseObject({ hash: z.string().optional(), hashes: z.record(z.string(), z.string()).optional() }).optional(),
    dir_info: z.looseObject({ editable: z.boolean().optional() }).optional(),
    vcs_info: z.looseObject({}).optional(),
  }),
});

/** The parts of pip's report Pantograph reads (version "0" from pip 22.2, "1" from 23.0). */
export const PipReportSchema = z.looseObject({
  version: z.string(),
  pip_version: z.string().optional(),
  install: z.array(ReportItemSchema),
});

/** What kind of artifact pip would install for a distribution. */
export type ArtifactKind = 'wheel' | 'sdist' | 'directory' | 'vcs';

/**
 * One distribution of the resolved set, as the store needs it. `url` is the raw location pip
 * found (it may carry credentials: keep it in memory, never log or record it — use `source`).
 */
export interface ResolvedDistribution {
  /** PEP 503 normalized name. */
  readonly name: string;
  readonly version: string;
  readonly url: string;
  /** Credential-free form of `url`: an absolute path for `file:` URLs, else the redacted URL. */
  readonly source: string;
  /** The artifact's file name (`torch-2.13.0+cpu-…whl`), URL-decoded. */
  readonly fileName: string;
  readonly kind: ArtifactKind;
  /** The index's sha256 of the artifact (lowercase hex), or `null` when the index gave none. */
  readonly indexSha256: string | null;
  readonly requested: boolean;
  readonly isDirect: boolean;
}

/** The credential-free source of a location: a local path for `file:` URLs, else the redacted URL. Pure. */
export function sourceOf(url: string): string {
  if (/^file:/i.test(url)) {
    try {
      return fileURLToPath(url);
    } catch {
      return String(redactCredentials(url));
    }
  }
  return String(redactCredentials(url));
}

function kindOf(item: z.infer<typeof ReportItemSchema>, fileName: string): ArtifactKind {
  if (item.download_info.vcs_info) return 'vcs';
  if (item.download_info.dir_info) return 'directory';
  return /\.whl$/i.test(fileName) ? 'wheel' : 'sdist';
}

function sha256Of(item: z.infer<typeof ReportItemSchema>): string | null {
  const info = item.download_info.archive_info;
  const fromMap = info?.hashes?.['sha256'];
  const fromLegacy = info?.hash?.startsWith('sha256=') ? info.hash.slice('sha256='.length) : undefined;
  const hex = (fromMap ?? fromLegacy)?.toLowerCase();
  return hex !== undefined && /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/**
 * Parses a report (parsed JSON) into distributions sorted by name. Errors:
 * `dependency_install_failed` when the report does not have the expected shape (path = where).
 */
export function parsePipReport(raw: unknown): Result<ResolvedDistribution[]> {
  const parsed = PipReportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      structuredError(
        'dependency_install_failed',
        `pip's installation report has an unexpected shape: ${issue?.message ?? 'invalid'}`,
        (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p)),
      ),
    );
  }
  const items = parsed.data.install.map((item): ResolvedDistribution => {
    const url = item.download_info.url;
    const fileName = decodeURIComponent(path.posix.basename(url.replace(/[?#].*$/, '')));
    return {
      name: normalizePackageName(item.metadata.name),
      version: item.metadata.version,
      url,
      source: sourceOf(url),
      fileName,
      kind: kindOf(item, fileName),
      indexSha256: sha256Of(item),
      requested: item.requested,
      isDirect: item.is_direct,
    };
  });
  return ok(items.sort(byName));
}

/** Orders distributions by (normalized) name, as the resolved set is recorded. */
export function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The manifest's record of one stored distribution (`sha256` = the wheel kept in the store). Pure. */
export function resolvedPackageRecord(dist: ResolvedDistribution, wheel: { fileName: string; sha256: string }): ResolvedPackage {
  return {
    name: dist.name,
    version: dist.version,
    wheel: wheel.fileName,
    source: dist.source,
    sha256: wheel.sha256,
    requested: dist.requested,
  };
}
