import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RdmaProbe } from '../../src/daemon/rdma.js';

// The RDMA condition's sysfs reads, on a directory laid out like /sys/bus/auxiliary/devices:
// read again while the answer can change, kept once it cannot.

describe('RdmaProbe', () => {
  let sysfs: string;
  const sf = (name: string): string => join(sysfs, 'bus/auxiliary/devices', name);

  beforeEach(() => {
    sysfs = mkdtempSync(join(tmpdir(), 'devlink-ts-rdma-'));
  });
  afterEach(() => rmSync(sysfs, { recursive: true, force: true }));

  it('follows an RDMA device from announced to registered, and forgets an instance that left', () => {
    mkdirSync(sf('mlx5_core.sf.2'), { recursive: true });
    const probe = new RdmaProbe(sysfs);
    const present = new Map([['auxiliary/mlx5_core.sf.2', false]]);
    probe.refresh(present);
    expect(probe.of('auxiliary/mlx5_core.sf.2')).toBeUndefined();
    mkdirSync(join(sf('mlx5_core.sf.2'), 'mlx5_core.rdma.2'));
    probe.refresh(present);
    expect(probe.of('auxiliary/mlx5_core.sf.2')).toBe(false);
    mkdirSync(join(sf('mlx5_core.sf.2'), 'mlx5_core.rdma.2/infiniband/mlx5_2'), { recursive: true });
    probe.refresh(present);
    expect(probe.of('auxiliary/mlx5_core.sf.2')).toBe(true);
    probe.refresh(new Map());
    expect(probe.of('auxiliary/mlx5_core.sf.2')).toBeUndefined();
  });

  it('takes "no RDMA device" as final once the instance has its netdev, not before', () => {
    mkdirSync(sf('sfsim.sf.1'), { recursive: true });
    const probe = new RdmaProbe(sysfs);
    probe.refresh(new Map([['auxiliary/sfsim.sf.1', false]]));
    mkdirSync(join(sf('sfsim.sf.1'), 'sfsim.rdma.1'));
    probe.refresh(new Map([['auxiliary/sfsim.sf.1', true]]));
    expect(probe.of('auxiliary/sfsim.sf.1')).toBe(false);
    rmSync(join(sf('sfsim.sf.1'), 'sfsim.rdma.1'), { recursive: true });
    probe.refresh(new Map([['auxiliary/sfsim.sf.1', true]]));
    expect(probe.of('auxiliary/sfsim.sf.1')).toBeUndefined();
    mkdirSync(join(sf('sfsim.sf.1'), 'sfsim.rdma.1'));
    probe.refresh(new Map([['auxiliary/sfsim.sf.1', true]]));
    expect(probe.of('auxiliary/sfsim.sf.1')).toBeUndefined();
    expect(probe.of('pci/0000:08:00.0')).toBeUndefined();
  });

  it('a refresh or recheck that finds nothing new keeps the version; recheck reads only what can still change', () => {
    mkdirSync(sf('mlx5_core.sf.2'), { recursive: true });
    mkdirSync(sf('sfsim.sf.1'), { recursive: true });
    const probe = new RdmaProbe(sysfs);
    const present = new Map([['auxiliary/mlx5_core.sf.2', false], ['auxiliary/sfsim.sf.1', true]]);
    probe.refresh(present);
    const version = probe.version;
    probe.refresh(present);
    expect(probe.version).toBe(version);
    probe.recheck((instance) => present.get(instance));
    expect(probe.version).toBe(version);
    // The RDMA device of the instance without its netdev yet appears: a recheck sees it.
    mkdirSync(join(sf('mlx5_core.sf.2'), 'mlx5_core.rdma.2/infiniband/mlx5_2'), { recursive: true });
    // sfsim.sf.1 had its netdev and no RDMA child: final, not read again.
    mkdirSync(join(sf('sfsim.sf.1'), 'sfsim.rdma.1/infiniband/x'), { recursive: true });
    probe.recheck((instance) => present.get(instance));
    expect(probe.version).toBeGreaterThan(version);
    expect(probe.of('auxiliary/mlx5_core.sf.2')).toBe(true);
    expect(probe.of('auxiliary/sfsim.sf.1')).toBeUndefined();
    expect(probe.anyKnown).toBe(true);
  });
});
