/**
 * Run history records → what the "Run History" view shows, free of `vscode`: one row per run
 * (when, outcome, duration, output count; icon by outcome) with its log, its output files and its
 * outputs folder as children. The vscode tree items only copy these fields.
 */
import { basename } from 'node:path';
import type { RunRecord } from '../../core/runs/runRecord.js';
import type { IconDescription } from '../environments/environmentTreeModel.js';

/** A child row of a run: open its log, an output file, or reveal its outputs folder. */
export interface RunChildModel {
  readonly kind: 'log' | 'output' | 'folder';
  readonly label: string;
  readonly description?: string;
  /** The file or folder it opens (absolute path). */
  readonly path: string;
  readonly icon: IconDescription;
}

/** One run row. */
export interface RunItemModel {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: IconDescription;
  readonly contextValue: `run.${RunRecord['outcome']}`;
  readonly children: readonly RunChildModel[];
  readonly record: RunRecord;
}

/** `850 ms`, `4.2 s`, `42 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, Math.round(ms));
  if (safe < 1000) return `${safe} ms`;
  if (safe < 10_000) return `${(safe / 1000).toFixed(1)} s`;
  const seconds = Math.floor(safe / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const ICONS: Record<RunRecord['outcome'], IconDescription> = {
  succeeded: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  cancelled: { id: 'circle-slash' },
};

/** `2026-12-03 16:02:11` in local time. */
export function formatRunTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The rows of `runs` (newest first, as stored). */
export function runItems(runs: readonly RunRecord[]): RunItemModel[] {
  return runs.map((run) => {
    const outputs = run.outputs.length;
    const failedNode = run.nodes.find((n) => n.state === 'failed');
    const children: RunChildModel[] = [
      ...(run.log_file
        ? [
            {
              kind: 'log' as const,
              label: 'Log',
              description: basename(run.log_file),
              path: run.log_file,
              icon: { id: 'output' },
            },
          ]
        : []),
      ...run.outputs.map((o) => ({
        kind: 'output' as const,
        label: basename(o.path),
        description: `${o.node_id}.${o.port}`,
        path: o.path,
        icon: { id: 'file-media' },
      })),
      {
        kind: 'folder' as const,
        label: 'Outputs folder',
        description: run.output_dir,
        path: run.output_dir,
        icon: { id: 'folder-opened' },
      },
    ];
    const nodeLines = run.nodes.map(
      (n) =>
        `${n.node_id}: ${n.state}${n.duration_ms !== undefined ? ` (${formatDuration(n.duration_ms)})` : ''}${n.error ? ` — ${n.error.message}` : ''}`,
    );
    return {
      id: run.run_id,
      label: formatRunTime(run.started_at),
      description: `${run.outcome} · ${formatDuration(run.duration_ms)}${run.target ? ` · node ${run.target}` : ''} · ${outputs} output${outputs === 1 ? '' : 's'}`,
      tooltip: [
        `Run ${run.run_id} of ${run.workflow}`,
        `${run.outcome} in ${formatDuration(run.duration_ms)}`,
        ...(run.error ? [`Error: ${run.error}`] : failedNode?.error ? [`Error: ${failedNode.error.message}`] : []),
        '',
        ...nodeLines,
      ].join('\n'),
      icon: ICONS[run.outcome],
      contextValue: `run.${run.outcome}`,
      children,
      record: run,
    };
  });
}
