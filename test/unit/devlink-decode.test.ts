import { describe, expect, it } from 'vitest';
import { decodeAttributes, encodeAttributes } from '../../src/devlink/codec.js';
import { decodeDevice, decodeInfo, decodePort, decodeRate, decodeReload } from '../../src/devlink/decode.js';
import { DevlinkReplyError } from '../../src/devlink/errors.js';
import { decodeParam } from '../../src/devlink/ops/params.js';

const tree = (object: Parameters<typeof encodeAttributes>[1]) => decodeAttributes(encodeAttributes('devlink', object), 'devlink');

describe('typed decoders', () => {
  it('decodes a device with reload statistics and nested instances', () => {
    const device = decodeDevice(tree({
      'bus-name': 'pci', 'dev-name': '0000:06:00.0', 'reload-failed': 0,
      'dev-stats': {
        'reload-stats': {
          'reload-action-info': [
            { 'reload-action': 1, 'reload-action-stats': [{ 'reload-stats-entry': [{ 'reload-stats-limit': 0, 'reload-stats-value': 3 }] }] },
            { 'reload-action': 2, 'reload-action-stats': [{ 'reload-stats-entry': [{ 'reload-stats-limit': 0, 'reload-stats-value': 1 }, { 'reload-stats-limit': 1, 'reload-stats-value': 2 }] }] },
          ],
        },
        'remote-reload-stats': { 'reload-action-info': [] },
      },
      'nested-devlink': [{ 'bus-name': 'auxiliary', 'dev-name': 'mlx5_core.sf.4' }, { 'bus-name': 'auxiliary', 'dev-name': 'mlx5_core.sf.5', 'netns-id': -1 }],
    }));
    expect(device).toMatchObject({
      handle: 'pci/0000:06:00.0', reloadFailed: false,
      reloadStats: [
        { action: 'driver_reinit', limit: 'unspec', value: 3 },
        { action: 'fw_activate', limit: 'unspec', value: 1 },
        { action: 'fw_activate', limit: 'no_reset', value: 2 },
      ],
      remoteReloadStats: [],
      nestedDevlinks: [
        { handle: 'auxiliary/mlx5_core.sf.4', busName: 'auxiliary', deviceName: 'mlx5_core.sf.4' },
        { handle: 'auxiliary/mlx5_core.sf.5', netnsId: -1 },
      ],
    });
  });

  it('decodes info versions, params of every type, rates and reload results', () => {
    const info = decodeInfo(tree({
      'bus-name': 'pci', 'dev-name': 'x', 'info-driver-name': 'mlx5_core', 'info-serial-number': 'MT1',
      'info-version-fixed': [{ 'info-version-name': 'board.id', 'info-version-value': 'MT_1' }],
      'info-version-running': [{ 'info-version-name': 'fw.version', 'info-version-value': '22.1' }, { 'info-version-name': 'fw', 'info-version-value': '22.1' }],
    }));
    expect(info.versions.running.map((v) => v.name)).toEqual(['fw.version', 'fw']);
    const param = (type: number, data: Uint8Array | undefined) => decodeParam(tree({
      'bus-name': 'pci', 'dev-name': 'x',
      param: { 'param-name': 'p', 'param-type': type, 'param-values-list': { 'param-value': [{ 'param-value-cmode': 1, 'param-value-data': data }] } },
    })).values[0]!.value;
    expect(param(1, Uint8Array.of(7))).toBe(7);
    expect(param(2, Uint8Array.of(1, 1))).toBe(257);
    expect(param(3, Uint8Array.of(0, 0, 0, 1))).toBe(16777216);
    expect(param(4, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1))).toBe(72057594037927936n);
    expect(param(5, new TextEncoder().encode('dmfs\0'))).toBe('dmfs');
    expect(param(6, new Uint8Array(0))).toBe(true);
    expect(param(6, undefined)).toBe(false);
    expect(param(3, Uint8Array.of(1))).toBeUndefined(); // wrong width: undecodable, still in the tree
    const leaf = decodeRate(tree({ 'bus-name': 'pci', 'dev-name': 'x', 'port-index': 2, 'rate-type': 0, 'rate-tx-share': 0n, 'rate-parent-node-name': '' }));
    expect(leaf).toMatchObject({ handle: 'pci/x/2', type: 'leaf', index: 2, txShare: 0n });
    expect(leaf.parent).toBeUndefined();
    expect(decodeReload(tree({ 'reload-actions-performed': { value: 0b110, selector: 0b110 } })).actionsPerformed).toEqual(['driver_reinit', 'fw_activate']);
  });

  it('names enum values newer than our tables and refuses objects without identity', () => {
    const port = decodePort(tree({ 'bus-name': 'pci', 'dev-name': 'x', 'port-index': 1, 'port-flavour': 9, 'port-type': 7 }));
    expect([port.flavour, port.type]).toEqual(['unknown-9', 'unknown-7']);
    expect(() => decodePort(tree({ 'bus-name': 'pci', 'dev-name': 'x' }))).toThrow(DevlinkReplyError);
    expect(() => decodeDevice(tree({ 'bus-name': 'pci' }))).toThrow('devlink device message without bus-name/dev-name');
  });
});
