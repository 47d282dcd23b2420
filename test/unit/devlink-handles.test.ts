import { describe, expect, it } from 'vitest';
import {
  formatDeviceHandle, formatPortHandle, formatRateHandle, parseDeviceHandle, parsePortHandle,
  parseRateHandle, parseRateNodeHandle, toPortHandle,
} from '../../src/devlink/handles.js';
import { DevlinkInputError } from '../../src/devlink/errors.js';

describe('devlink handles', () => {
  it('parses and formats devices, ports, rate leaves and nodes', () => {
    expect(parseDeviceHandle('pci/0000:06:00.0')).toEqual({ busName: 'pci', deviceName: '0000:06:00.0' });
    expect(parseDeviceHandle('auxiliary/mlx5_core.sf.4')).toEqual({ busName: 'auxiliary', deviceName: 'mlx5_core.sf.4' });
    // `index` is the deprecated spelling of `portIndex`, still filled in for code written before it.
    expect(parsePortHandle('pci/0000:06:00.0/32768')).toEqual({ busName: 'pci', deviceName: '0000:06:00.0', portIndex: 32768, index: 32768 });
    expect(parsePortHandle('netdevsim/netdevsim10/4294967295').portIndex).toBe(4294967295);
    expect(parseRateHandle('pci/0000:06:00.0/2')).toEqual({ kind: 'leaf', busName: 'pci', deviceName: '0000:06:00.0', portIndex: 2, index: 2 });
    expect(toPortHandle({ busName: 'pci', deviceName: 'x', index: 7 }).portIndex).toBe(7);
    expect(toPortHandle({ busName: 'pci', deviceName: 'x', portIndex: 8 })).toEqual({ busName: 'pci', deviceName: 'x', portIndex: 8, index: 8 });
    expect(parseRateHandle('pci/0000:06:00.0/node1')).toEqual({ kind: 'node', busName: 'pci', deviceName: '0000:06:00.0', nodeName: 'node1' });
    expect(parseRateNodeHandle('pci/0000:06:00.0/group1').nodeName).toBe('group1');
    for (const text of ['pci/0000:06:00.0', 'auxiliary/mlx5_core.sf.4']) expect(formatDeviceHandle(parseDeviceHandle(text))).toBe(text);
    expect(formatPortHandle(parsePortHandle('pci/0000:06:00.0/32768'))).toBe('pci/0000:06:00.0/32768');
    for (const text of ['pci/0000:06:00.0/2', 'pci/0000:06:00.0/node1']) expect(formatRateHandle(parseRateHandle(text))).toBe(text);
  });

  it('rejects malformed handles with one clear line naming the handle', () => {
    const cases: [() => unknown, string][] = [
      [() => parsePortHandle('pci/0000:06:00.0/x'), 'invalid port handle "pci/0000:06:00.0/x": port index must be a number 0..4294967295'],
      [() => parsePortHandle('pci/0000:06:00.0/4294967296'), 'invalid port handle "pci/0000:06:00.0/4294967296": port index must be a number 0..4294967295'],
      [() => parsePortHandle('pci/0000:06:00.0/-1'), 'invalid port handle "pci/0000:06:00.0/-1": port index must be a number 0..4294967295'],
      [() => parsePortHandle('pci/0000:06:00.0'), 'invalid port handle "pci/0000:06:00.0": expected BUS/DEVICE/PORT_INDEX'],
      [() => parseDeviceHandle('pci'), 'invalid device handle "pci": expected BUS/DEVICE'],
      [() => parseDeviceHandle('pci/0000:06:00.0/1'), 'invalid device handle "pci/0000:06:00.0/1": expected BUS/DEVICE'],
      [() => parseDeviceHandle('/0000:06:00.0'), 'invalid device handle "/0000:06:00.0": bus name is empty'],
      [() => parseDeviceHandle('pci/'), 'invalid device handle "pci/": device name is empty'],
      [() => parseDeviceHandle('pci/a b'), 'invalid device handle "pci/a b": must not contain whitespace'],
      [() => parseRateNodeHandle('pci/0000:06:00.0/12'), 'invalid rate node handle "pci/0000:06:00.0/12": a node name must not be a number (numbers name port leaves)'],
      [() => parseRateHandle('pci/0000:06:00.0/'), 'invalid rate handle "pci/0000:06:00.0/": port index or node name is empty'],
      [() => toPortHandle({ busName: 'pci', deviceName: 'x', index: 1.5 }), 'invalid port handle "pci/x/1.5": port index must be a number 0..4294967295'],
    ];
    for (const [run, message] of cases) {
      let caught: unknown;
      try { run(); } catch (error) { caught = error; }
      expect(caught).toBeInstanceOf(DevlinkInputError);
      expect((caught as DevlinkInputError).message).toBe(message);
      expect((caught as DevlinkInputError).code).toBe('EINVAL');
    }
  });
});
