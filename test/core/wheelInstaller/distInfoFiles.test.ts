import { describe, expect, it } from 'vitest';
import { installerDistInfoFiles } from '../../../src/core/wheelInstaller/distInfoFiles.js';

const asText = (files: [string, Buffer][]): [string, string][] => files.map(([name, data]) => [name, data.toString('utf8')]);

describe('installerDistInfoFiles', () => {
  it('writes only INSTALLER for a pulled-in dependency from an index', () => {
    expect(asText(installerDistInfoFiles({ installer: 'pantograph', requested: false }))).toEqual([
      ['INSTALLER', 'pantograph\n'],
    ]);
  });

  it('adds an empty REQUESTED and a pip-formatted direct_url.json, in that order, when asked', () => {
    const files = installerDistInfoFiles({
      installer: 'pantograph',
      requested: true,
      directUrl: { url: 'file:///wheels/demo-1.0-py3-none-any.whl', archive_info: { hash: 'sha256=ab' } },
    });
    expect(asText(files)).toEqual([
      ['INSTALLER', 'pantograph\n'],
      ['REQUESTED', ''],
      ['direct_url.json', '{"archive_info": {"hash": "sha256=ab"}, "url": "file:///wheels/demo-1.0-py3-none-any.whl"}'],
    ]);
  });
});
