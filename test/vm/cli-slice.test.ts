import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { runOurs } from './support/cli-compare.js';
import { createSfsim, SF_PORT_BASE, type SfsimDevice } from './support/sfsim.js';

// The 2020 devlink-slice proposal's example sequence, run through devlink-ts's `slice` alias on
// sfsim (the real devlink core): add an SF slice, show it (text and -j), give it a MAC and
// activate it, see the port function attach, deactivate, delete. `port show` must agree, since
// slice is only another spelling of port add / port function set / port del.
describe('slice commands on sfsim', () => {
  let dev: SfsimDevice | undefined;
  let dl: Devlink;
  beforeAll(async () => {
    dl = await Devlink.open();
  });
  afterAll(() => dl.close());
  afterEach(() => dev?.remove());

  async function ok(...args: string[]): Promise<string> {
    const run = await runOurs(args);
    expect({ args, status: run.status, stderr: run.stderr }).toEqual({ args, status: 0, stderr: '' });
    return run.stdout;
  }

  /** Waits (by notifications) until the slice's function reaches `wanted`, then shows the slice. */
  async function opstate(slice: string, wanted: 'attached' | 'detached'): Promise<string> {
    await dl.waitForFunctionOpstate(slice, wanted, { timeoutMs: 60_000 });
    return ok('slice', 'show', slice);
  }

  it('add, show, set hw_addr + state active, attach, inactive, detach, del', async () => {
    dev = createSfsim();
    await ok('dev', 'eswitch', 'set', dev.handle, 'mode', 'switchdev');
    const slice = `${dev.handle}/${SF_PORT_BASE}`;

    expect(await ok('slice', 'add', dev.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '4')).toBe(
      `${slice}: flavour pcisf pfnum 0 sfnum 4 state inactive opstate detached\n`,
    );
    expect(await ok('-j', 'slice', 'show', slice)).toBe(
      `{"slice":{"${slice}":{"flavour":"pcisf","pfnum":0,"sfnum":4,"state":"inactive","opstate":"detached"}}}\n`,
    );
    expect(await ok('slice', 'show', dev.handle)).toContain(`${slice}: flavour pcisf pfnum 0 sfnum 4`);

    expect(await ok('slice', 'set', slice, 'hw_addr', '00:00:00:00:04:04', 'state', 'active')).toBe('');
    expect(await opstate(slice, 'attached')).toBe(`${slice}: flavour pcisf pfnum 0 sfnum 4 state active opstate attached\n`);
    expect(await ok('port', 'show', slice)).toMatch(/function:\n\s+hw_addr 00:00:00:00:04:04 state active opstate attached/);

    expect(await ok('slice', 'set', slice, 'state', 'inactive')).toBe('');
    expect(await opstate(slice, 'detached')).toBe(`${slice}: flavour pcisf pfnum 0 sfnum 4 state inactive opstate detached\n`);
    expect(await ok('slice', 'del', slice)).toBe('');
    const left = await ok('-j', 'slice', 'show', dev.handle);
    expect(left).toContain(`"${dev.handle}/0":{"flavour":"pcipf"`); // the PF is a slice too
    expect(left).not.toContain(slice);
  }, 300_000);

  it("prints the kernel's refusals as for port commands", async () => {
    dev = createSfsim();
    // legacy mode: the driver refuses SF creation with its extended ACK
    const refused = await runOurs(['slice', 'add', dev.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '4']);
    const asPort = await runOurs(['port', 'add', dev.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '4']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^Error: .+\nkernel answers: .+\n$/);
    expect(refused.stderr).toBe(asPort.stderr);
  });
});
