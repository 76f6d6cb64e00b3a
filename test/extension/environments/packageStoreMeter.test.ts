import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/core/errors/structuredError.js';
import { packageStoreLayout } from '../../../src/core/packageStore/packageStoreLayout.js';
import { summarizePackageStore } from '../../../src/core/packageStore/storeSummary.js';
import type { PackageStoreSummary } from '../../../src/core/packageStore/storeSummary.js';
import { EnvironmentStore } from '../../../src/core/store/environmentStore.js';
import { PackageStoreMeter } from '../../../src/extension/environments/packageStoreMeter.js';
import { makeTempDir } from '../../support/wheelFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  temp = await makeTempDir('store meter');
});
afterAll(async () => temp.cleanup());

const SHA = 'a'.repeat(64);

/** A meter over the real store of `dataDir()`, counting measurements and view notifications. */
function realMeter(dataDir: () => string) {
  const counts = { measured: 0, notified: 0 };
  const meter = new PackageStoreMeter({
    storeDir: () => packageStoreLayout(dataDir()).storeDir,
    measure: () => {
      counts.measured += 1;
      return summarizePackageStore(new EnvironmentStore({ dataDir: dataDir() }), packageStoreLayout(dataDir()));
    },
    onDidMeasure: () => {
      counts.notified += 1;
    },
  });
  return { meter, counts };
}

describe('PackageStoreMeter', () => {
  it('answers measuring… at once, measures once in the background, then serves the cached value', async () => {
    const dataDir = join(temp.dir, 'data');
    await mkdir(join(dataDir, 'store', 'wheels', SHA), { recursive: true });
    await writeFile(join(dataDir, 'store', 'wheels', SHA, 'x-1-py3-none-any.whl'), 'x'.repeat(100));
    const { meter, counts } = realMeter(() => dataDir);
    expect(counts.measured).toBe(0);
    expect(meter.state()).toEqual({ kind: 'measuring', storeDir: join(dataDir, 'store') });
    await meter.settled();
    expect(counts).toEqual({ measured: 1, notified: 1 });
    const measured = meter.state();
    expect(measured).toMatchObject({ kind: 'measured', summary: { wheels: 1, totalBytes: 100, unreferenced: 1 } });
    expect(meter.state()).toBe(measured);
    expect(counts.measured).toBe(1);

    // A change: the last value stays visible while the store is measured again.
    await writeFile(join(dataDir, 'store', 'wheels', SHA, 'x-1-py3-none-any.whl'), 'x'.repeat(300));
    meter.invalidate();
    const again = meter.state();
    expect(again).toMatchObject({ kind: 'measuring', previous: { totalBytes: 100 } });
    await meter.settled();
    expect(meter.state()).toMatchObject({ kind: 'measured', summary: { totalBytes: 300 } });
    expect(counts).toEqual({ measured: 2, notified: 2 });
  });

  it('shows an unreadable store as an error, and follows a data dir switch', async () => {
    const broken = join(temp.dir, 'broken');
    const fine = join(temp.dir, 'fine');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'store'), 'not a folder');
    let dataDir = broken;
    const { meter } = realMeter(() => dataDir);
    meter.state();
    await meter.settled();
    const failed = meter.state();
    expect(failed).toMatchObject({ kind: 'error', storeDir: join(broken, 'store') });
    if (failed.kind === 'error') expect(failed.message).toContain(join(broken, 'store'));

    dataDir = fine;
    expect(meter.state()).toEqual({ kind: 'measuring', storeDir: join(fine, 'store') });
    await meter.settled();
    expect(meter.state()).toMatchObject({ kind: 'measured', summary: { exists: false, totalBytes: 0 } });
  });

  it('runs one measurement at a time: changes during a walk cause exactly one more walk', async () => {
    const releases: ((result: Result<PackageStoreSummary>) => void)[] = [];
    const summary = (totalBytes: number): Result<PackageStoreSummary> => ({
      ok: true,
      value: {
        storeDir: '/d/store',
        exists: true,
        wheels: 1,
        packages: 1,
        unreferenced: 0,
        wheelBytes: 0,
        unpackedBytes: totalBytes,
        linkedBytes: 0,
        totalBytes,
        files: 1,
      },
    });
    let notified = 0;
    const meter = new PackageStoreMeter({
      storeDir: () => '/d/store',
      measure: () => new Promise((resolve) => releases.push(resolve)),
      onDidMeasure: () => {
        notified += 1;
      },
    });
    meter.state();
    meter.invalidate();
    meter.state();
    meter.invalidate();
    expect(releases).toHaveLength(1);
    releases[0]!(summary(1));
    await meter.settled();
    expect(notified).toBe(1);
    // The view re-reads after the notification: the value is shown and the pending change measured.
    expect(meter.state()).toMatchObject({ kind: 'measuring', previous: { totalBytes: 1 } });
    expect(releases).toHaveLength(2);
    releases[1]!(summary(2));
    await meter.settled();
    expect(meter.state()).toMatchObject({ kind: 'measured', summary: { totalBytes: 2 } });
    expect(releases).toHaveLength(2);
  });
});
