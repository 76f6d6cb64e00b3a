/**
 * Which torch build a machine gets: the CPU build without a CUDA GPU, the newest CUDA build the
 * NVIDIA driver supports with one. A pure function of probed facts (see `gpuProbe.ts`) and the
 * build table of the task profiles; the user can always ask for a build by name.
 */
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';

/** What a probe found out about the machine's NVIDIA GPU. */
export interface GpuFacts {
  /** The NVIDIA driver version (`570.86.10`), or `null` when no NVIDIA driver was found. */
  readonly nvidia_driver: string | null;
  /** GPU names reported by nvidia-smi (may be empty even with a driver). */
  readonly gpus: readonly string[];
  /** Where the driver version came from (`nvidia-smi`, `/proc/driver/nvidia/version`, …; `none`). */
  readonly source: string;
}

/** A CUDA build of torch and the oldest driver that runs it, per OS. */
export interface CudaBuild {
  /** The local version label and variant name: `cu128`. */
  readonly variant: string;
  /** The CUDA toolkit version, for display: `12.8`. */
  readonly cuda: string;
  /** Minimum driver version per OS family (`linux`, `windows`). */
  readonly min_driver: Readonly<Record<string, string>>;
  readonly index_url: string;
}

/** The build table (`torch_builds` of the task profiles file). */
export interface TorchBuildTable {
  readonly cpu: { readonly index_url: string };
  /** Newest first is not required; the newest supported build wins. */
  readonly cuda: readonly CudaBuild[];
}

/** The chosen build. */
export interface TorchBuildChoice {
  /** `cpu`, a CUDA variant (`cu128`), or `default` (the index's unlabelled build, e.g. on macOS). */
  readonly variant: string;
  /** The local version label appended to torch's pin (`cpu`, `cu128`), `null` for `default`. */
  readonly local_version: string | null;
  /** The index serving that build, `null` for `default` (the default index). */
  readonly index_url: string | null;
  /** Why, for the effective view: `no CUDA GPU found`. */
  readonly reason: string;
}

/** Compares dotted numeric versions (`570.86.10` vs `570.26`); missing parts count as 0. Pure. */
export function compareDriverVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The OS family of a platform key (`linux-x86_64` → `linux`). Pure. */
function osFamily(platformKey: string): string {
  return platformKey.split('-')[0] ?? platformKey;
}

/** The label the effective view shows: `torch build: cpu (no CUDA GPU found)`. Pure. */
export function torchBuildLabel(choice: TorchBuildChoice): string {
  return `torch build: ${choice.variant} (${choice.reason})`;
}

/**
 * Chooses torch's build. `requested` (`auto` when absent or blank) names a build explicitly:
 * `cpu`, `default`, or a variant of the table's `cuda` list — an unknown name fails with
 * `invalid_payload` listing the known ones. `auto`: macOS → `default` (PyPI's build); no NVIDIA
 * driver → `cpu`; a driver → the CUDA build with the highest CUDA version whose minimum driver
 * for this OS it meets, else `cpu` (the reason says the driver is too old). Pure.
 * @example chooseTorchBuild({ nvidia_driver: null, gpus: [], source: 'none' }, table, 'linux-x86_64').value.reason === 'no CUDA GPU found'
 */
export function chooseTorchBuild(
  facts: GpuFacts,
  table: TorchBuildTable,
  platformKey: string,
  requested?: string | null,
): Result<TorchBuildChoice> {
  const cpu = (reason: string): TorchBuildChoice => ({
    variant: 'cpu',
    local_version: 'cpu',
    index_url: table.cpu.index_url,
    reason,
  });
  const wanted = requested?.trim().toLowerCase() || 'auto';
  if (wanted !== 'auto') {
    if (wanted === 'cpu') return ok(cpu('requested'));
    if (wanted === 'default')
      return ok({ variant: 'default', local_version: null, index_url: null, reason: "requested: the default index's build" });
    const build = table.cuda.find((b) => b.variant === wanted);
    if (build)
      return ok({
        variant: build.variant,
        local_version: build.variant,
        index_url: build.index_url,
        reason: `requested: CUDA ${build.cuda}`,
      });
    const known = ['auto', 'cpu', 'default', ...table.cuda.map((b) => b.variant)].join(', ');
    return fail(
      structuredError(
        'invalid_payload',
        `unknown torch build ${JSON.stringify(requested)}; known: ${known}`,
        ['torch_build'],
        'Use auto (follow the machine), cpu, default, or one of the CUDA variants.',
      ),
    );
  }
  const os = osFamily(platformKey);
  if (os === 'darwin' || os === 'macos')
    return ok({ variant: 'default', local_version: null, index_url: null, reason: "macOS: the default index's build (CPU/MPS)" });
  if (facts.nvidia_driver === null) return ok(cpu('no CUDA GPU found'));
  const driver = facts.nvidia_driver;
  const supported = table.cuda
    .filter((b) => {
      const min = b.min_driver[os];
      return min !== undefined && compareDriverVersions(driver, min) >= 0;
    })
    .sort((a, b) => compareDriverVersions(b.cuda, a.cuda));
  const best = supported[0];
  const gpu = facts.gpus[0] ? `${facts.gpus[0]}, ` : '';
  if (best === undefined) {
    const mins = table.cuda
      .map((b) => b.min_driver[os])
      .filter((m): m is string => m !== undefined)
      .sort(compareDriverVersions);
    return ok(
      cpu(`NVIDIA driver ${driver} is too old for the profile's CUDA builds${mins[0] ? ` (they need ≥ ${mins[0]})` : ''}`),
    );
  }
  return ok({
    variant: best.variant,
    local_version: best.variant,
    index_url: best.index_url,
    reason: `${gpu}NVIDIA driver ${driver} → CUDA ${best.cuda}`,
  });
}
