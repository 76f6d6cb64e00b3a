import { describe, expect, it } from 'vitest';
import type { PackageStoreSummary } from '../../../src/core/packageStore/storeSummary.js';
import {
  describeStore,
  packageStoreItem,
  showPackageStoreRow,
} from '../../../src/extension/environments/packageStoreItemModel.js';

const storeDir = '/data/store';
const GB = 1024 ** 3;
const MB = 1024 ** 2;

function summary(overrides: Partial<PackageStoreSummary> = {}): PackageStoreSummary {
  return {
    storeDir,
    exists: true,
    wheels: 34,
    packages: 34,
    unreferenced: 12,
    wheelBytes: 300 * MB,
    unpackedBytes: 0.9 * GB,
    linkedBytes: 0.8 * GB,
    totalBytes: 1.2 * GB,
    files: 4321,
    ...overrides,
  };
}

describe('the package store item', () => {
  it('shows the total, the package count and the unreferenced entries', () => {
    const item = packageStoreItem({ kind: 'measured', summary: summary() });
    expect(item.label).toBe('Package store');
    expect(item.description).toBe('1.2 GB in 34 packages (12 unreferenced)');
    expect(item.contextValue).toBe('packageStore');
    expect(item.icon).toEqual({ id: 'database' });
    expect(item.storeDir).toBe(storeDir);
    expect(item.tooltip.split('\n')).toEqual([
      'Package store: /data/store',
      'Total on disk: 1.2 GB (4321 files)',
      'Wheels: 34 wheels, 300.0 MB',
      'Unpacked: 34 packages, 921.6 MB (819.2 MB of it linked into environments)',
      'Unreferenced: 12 entries no environment uses (Collect Unused Environments and `pantograph envs gc` remove them)',
      expect.stringContaining('counted once, as du does'),
    ]);
  });

  it('leaves out a zero unreferenced count and says one package in the singular', () => {
    expect(describeStore(summary({ unreferenced: 0 }))).toBe('1.2 GB in 34 packages');
    expect(describeStore(summary({ packages: 1, wheels: 1, unreferenced: 1, totalBytes: 2048 }))).toBe(
      '2.0 KB in 1 package (1 unreferenced)',
    );
    expect(packageStoreItem({ kind: 'measured', summary: summary({ unreferenced: 0 }) }).tooltip).toContain('Unreferenced: none');
  });

  it('is empty when nothing is stored, whether or not the folder exists', () => {
    for (const exists of [false, true]) {
      const item = packageStoreItem({
        kind: 'measured',
        summary: summary({ exists, wheels: 0, packages: 0, unreferenced: 0, totalBytes: 0, files: 0 }),
      });
      expect(item.description).toBe('empty');
      expect(item.contextValue).toBe('packageStore.empty');
      expect(item.tooltip).toContain('no wheel is stored yet');
    }
  });

  it('says measuring… before the first measurement, and keeps the last one while measuring again', () => {
    const first = packageStoreItem({ kind: 'measuring', storeDir });
    expect(first.description).toBe('measuring…');
    expect(first.icon).toEqual({ id: 'loading~spin' });
    expect(first.contextValue).toBe('packageStore.measuring');
    expect(first.tooltip).toContain('Package store: /data/store');

    const again = packageStoreItem({ kind: 'measuring', storeDir, previous: summary() });
    expect(again.description).toBe('1.2 GB in 34 packages (12 unreferenced) · measuring…');
    expect(again.tooltip).toContain('Total on disk: 1.2 GB');
  });

  it('names the folder and the reason when the store cannot be read', () => {
    const item = packageStoreItem({
      kind: 'error',
      storeDir,
      message: 'cannot read the package store /data/store: ENOTDIR',
    });
    expect(item.description).toBe('unreadable');
    expect(item.contextValue).toBe('packageStore.error');
    expect(item.icon.id).toBe('warning');
    expect(item.tooltip).toBe(
      'Package store: /data/store\nCannot be measured: cannot read the package store /data/store: ENOTDIR',
    );
  });
});

describe('whether the view lists the store row', () => {
  const empty = summary({ exists: false, wheels: 0, packages: 0, unreferenced: 0, totalBytes: 0, files: 0 });
  it('always with environments', () => {
    expect(showPackageStoreRow({ kind: 'measuring', storeDir }, 1)).toBe(true);
    expect(showPackageStoreRow({ kind: 'measured', summary: empty }, 2)).toBe(true);
  });

  it('without environments only for a store known to hold entries or unreadable (the welcome text stays otherwise)', () => {
    expect(showPackageStoreRow({ kind: 'measuring', storeDir }, 0)).toBe(false);
    expect(showPackageStoreRow({ kind: 'measured', summary: empty }, 0)).toBe(false);
    expect(showPackageStoreRow({ kind: 'measured', summary: summary() }, 0)).toBe(true);
    expect(showPackageStoreRow({ kind: 'measuring', storeDir, previous: summary() }, 0)).toBe(true);
    expect(showPackageStoreRow({ kind: 'measuring', storeDir, previous: empty }, 0)).toBe(false);
    expect(showPackageStoreRow({ kind: 'error', storeDir, message: 'EACCES' }, 0)).toBe(true);
  });
});
