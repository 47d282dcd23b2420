import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyDifferences, runIproute2, withVariants } from './support/cli-compare.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { createObjsim, type ObjsimDevice } from './support/objsim.js';
import { newerIproute2Devlink } from './support/sfsim.js';

// `region read` without a snapshot reads the live region (DEVLINK_ATTR_REGION_DIRECT), as
// iproute2 6.2 and later do (6.1 asks for a snapshot id). Compared with iproute2 6.15 on objsim's
// device region dev_cfg (which supports direct reads) and netdevsim's dummy region (which does
// not: the kernel's refusal is printed alike); snapshot reads of dev_cfg also with 6.1.

describe('CLI differential: region read direct vs iproute2 6.15 (and snapshot reads vs 6.1)', () => {
  let objsim: ObjsimDevice;
  let nsim: NetdevsimDevice;
  let newer: string;

  beforeAll(() => {
    newer = newerIproute2Devlink();
    objsim = createObjsim();
    nsim = createNetdevsim(1);
  });
  afterAll(() => {
    objsim?.remove();
    nsim?.remove();
  });

  it('reads the live region, refuses what the driver cannot read directly, and still needs a snapshot to dump', async () => {
    const o = `${objsim.handle}/dev_cfg`;
    const lines = [
      ['region', 'read', o, 'address', '0', 'length', '16'],
      ['region', 'read', o, 'address', '250', 'length', '6'],
      ['region', 'read', o, 'address', '250', 'length', '16'],
      ['region', 'read', o, 'address', '300', 'length', '1'],
      ['region', 'read', o, 'length', '4'],
      ['region', 'dump', o],
      ['region', 'read', `${nsim.handle}/dummy`, 'address', '0', 'length', '4'],
    ];
    const [differences] = await readOnlyDifferences(withVariants(lines), [newer]);
    expect(differences).toEqual([]);
  });

  it('reads snapshots of the device region as iproute2 6.1 and 6.15 do', async () => {
    const o = `${objsim.handle}/dev_cfg`;
    expect(runIproute2(['region', 'new', o, 'snapshot', '9']).status).toBe(0);
    const lines = [['region', 'show', o], ['region', 'dump', o, 'snapshot', '9'], ['region', 'read', o, 'snapshot', '9', 'address', '16', 'length', '20']];
    const results = await readOnlyDifferences(withVariants(lines), [undefined, newer]);
    expect(results).toEqual([[], []]);
  });
});
