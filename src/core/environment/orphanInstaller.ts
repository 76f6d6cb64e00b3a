/**
 * Stops an installer left running by a process that died mid-install (e.g. a crashed VS Code
 * window): the runner starts pip as the leader of its own process group, so pip outlives its
 * parent and would keep writing into the directory the next ensure rebuilds. The `installing`
 * manifest records the installer's PID and host; under the key's lock, before rebuilding, the
 * next ensure kills that process group — only when /proc confirms the PID is still an installer
 * for this very environment directory (no PID-reuse accidents). Where /proc is absent (macOS,
 * Windows) it does nothing.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/** What an `installing` manifest records about its installer. */
export type InstallerRecord = { readonly installer_pid?: unknown; readonly installer_host?: unknown } & Readonly<
  Record<string, unknown>
>;

async function commandLineOf(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/**
 * Kills the recorded installer's process group when it is still alive on this host and its
 * command line names `envDir`. Returns true when it killed something. Never throws.
 */
export async function stopOrphanInstaller(
  record: InstallerRecord | undefined,
  envDir: string,
  platform: NodeJS.Platform,
): Promise<boolean> {
  if (platform === 'win32' || !record || typeof record.installer_pid !== 'number' || record.installer_host !== hostname())
    return false;
  const pid = record.installer_pid;
  const commandLine = await commandLineOf(pid);
  if (!commandLine || !commandLine.includes(envDir)) return false;
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}
