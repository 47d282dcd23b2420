import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devlink } from './support/iproute2.js';
import { createNetdevsim, switchdevWithVfs, vfPortIndex, type NetdevsimDevice } from './support/netdevsim.js';
import { createSfsim, newerIproute2Devlink, sfsimLoaded, type SfsimDevice } from './support/sfsim.js';
import { OUTPUT_VARIANTS, cliDifferences, runCommandAsync, runIproute2, runOurs, withVariants } from './support/cli-compare.js';
import { captureMonitors } from './support/monitor-compare.js';

// The same state shown by iproute2's devlink and by devlink-ts must be byte for byte the same:
// stdout, stderr and exit status, in text, -j and -jp. Our CLI runs in-process (main()) on the
// real kernel socket; iproute2 runs as a process.

describe('CLI differential: devlink-ts vs iproute2 devlink 6.1 on netdevsim', () => {
  let plain: NetdevsimDevice;
  let rich: NetdevsimDevice;

  beforeAll(() => {
    plain = createNetdevsim(2);
    rich = createNetdevsim(3);
    switchdevWithVfs(rich, 3);
    devlink(['port', 'function', 'rate', 'add', `${rich.handle}/top`, 'tx_share', '8mbit', 'tx_max', '800mbit']);
    devlink(['port', 'function', 'rate', 'add', `${rich.handle}/mid`, 'parent', 'top']);
    devlink(['port', 'function', 'rate', 'set', `${rich.handle}/${vfPortIndex(0)}`, 'tx_share', '16mbit', 'parent', 'mid']);
    devlink(['port', 'function', 'rate', 'set', `${rich.handle}/${vfPortIndex(2)}`, 'tx_max', '1000mbit']);
    devlink(['dev', 'param', 'set', plain.handle, 'name', 'max_macs', 'value', '7', 'cmode', 'driverinit']);
    devlink(['dev', 'reload', plain.handle]);
  });
  afterAll(() => {
    plain?.remove();
    rich?.remove();
  });

  const listings = (): string[][] => [
    ['dev', 'show'],
    ['dev', 'show', plain.handle],
    ['-s', 'dev', 'show', plain.handle],
    ['dev', 'eswitch', 'show', rich.handle],
    ['dev', 'info', plain.handle],
    // `dev param show DEV` alone: iproute2 6.1 needs a dump selector 6.12 does not offer for params.
    ['dev', 'param', 'show'],
    ['dev', 'param', 'show', plain.handle, 'name', 'max_macs'],
    // `port show DEV` is a devlink-ts extension: iproute2 6.1 rejects a bare device there.
    ['port', 'show'],
    ['port', 'show', `${rich.handle}/${vfPortIndex(1)}`],
    ['port', 'function', 'rate', 'show'],
    ['port', 'function', 'rate', 'show', `${rich.handle}/top`],
    ['port', 'function', 'rate', 'show', `${rich.handle}/${vfPortIndex(0)}`],
    ['-i', 'port', 'function', 'rate', 'show', `${rich.handle}/top`],
  ];

  for (const variant of OUTPUT_VARIANTS) {
    it(`prints every listing identically (${variant.join(' ') || 'text'})`, async () => {
      expect(await cliDifferences(withVariants(listings(), [variant]), { readOnly: true })).toEqual([]);
    }, 240_000);
  }

  it('reports kernel refusals identically (extended ACK and errno)', async () => {
    const refused = [
      ['port', 'function', 'rate', 'set', `${rich.handle}/${vfPortIndex(1)}`, 'tx_share', '1bit'],
      ['port', 'function', 'rate', 'add', `${plain.handle}/group`],
      ['port', 'split', `${plain.handle}/0`, 'count', '2'],
      ['dev', 'eswitch', 'show', 'netdevsim/netdevsim999999'],
      ['port', 'show', `${plain.handle}/77`],
      ['port', 'function', 'rate', 'del', `${rich.handle}/nosuchnode`],
    ];
    expect(await cliDifferences(withVariants(refused))).toEqual([]);
  }, 240_000);

  it('rejects bad command lines with the same messages and exit codes', async () => {
    const port = `${plain.handle}/0`;
    const bad = [
      ['foo'],
      ['dev', 'foo'],
      ['port', 'foo'],
      ['dev', 'show', 'a/b/c'],
      ['dev', 'eswitch', 'set', rich.handle],
      ['dev', 'eswitch', 'set', rich.handle, 'mode', 'bogus'],
      ['dev', 'eswitch', 'set', rich.handle, 'inline-mode', 'bogus'],
      ['dev', 'param', 'set', plain.handle, 'name', 'max_macs', 'value', '1'],
      ['dev', 'param', 'set', plain.handle, 'name', 'max_macs', 'value', '1', 'cmode', 'sometimes'],
      ['dev', 'reload', plain.handle, 'action', 'bounce'],
      ['port', 'set'],
      ['port', 'set', port],
      ['port', 'set', port, 'type', 'fddi'],
      ['port', 'split', port],
      ['port', 'split', port, 'count', 'four'],
      ['port', 'show', 'a/b/c/d'],
      ['port', 'show', `${plain.handle}/x`],
      ['port', 'add', plain.handle, 'flavour', 'pcisf'],
      ['port', 'add', plain.handle, 'flavour', 'vdpa', 'pfnum', '0'],
      ['port', 'function', 'set', port, 'hw_addr', 'zz:00:00:00:00:01'],
      ['port', 'function', 'set', port, 'state', 'up'],
      ['port', 'function', 'set', port, 'vlan', '5'],
      ['port', 'function', 'rate', 'set', `${port}`, 'tx_share', '10xbit'],
      ['port', 'function', 'rate', 'set', `${rich.handle}/${vfPortIndex(0)}`, 'tx_share', '20mbit', 'tx_max', '10mbit'],
      ['port', 'function', 'rate', 'add', `${rich.handle}/12`],
      ['port', 'function', 'rate', 'del', rich.handle],
      ['monitor', 'bogus'],
      // several problems on one line: iproute2 6.1 stops at an unknown word, else names the first missing option
      ['dev', 'param', 'set', plain.handle],
      ['dev', 'param', 'set', plain.handle, 'bogus', 'name', 'max_macs'],
      ['port', 'add', plain.handle],
      ['port', 'add', plain.handle, 'bogus', 'flavour', 'vdpa'],
      ['port', 'function', 'set', port, 'bogus', 'hw_addr', 'zz'],
      ['health', 'set', plain.handle, 'bogus', 'grace_period', 'x'],
      ['trap', 'set', plain.handle],
    ];
    // All refused while parsing: iproute2's runs may overlap.
    expect(await cliDifferences(withVariants(bad, [[], ['-j']]), { readOnly: true })).toEqual([]);
  }, 240_000);

  it.skipIf(!existsSync(new URL('../../dist/cli/main.js', import.meta.url)))(
    'the built entry point (bin/devlink-ts.js) prints what iproute2 prints',
    async () => {
      const bin = new URL('../../bin/devlink-ts.js', import.meta.url).pathname;
      const lines = [['-j', 'port', 'show', `${rich.handle}/${vfPortIndex(1)}`], ['dev', 'show', plain.handle], ['port', 'set', 'x']];
      // The three node processes start at once (each takes ~1.7 s to start under TCG); all read only.
      const runs = await Promise.all(lines.map((args) => runCommandAsync(process.execPath, [bin, ...args], 60_000)));
      lines.forEach((args, i) => expect(runs[i], args.join(' ')).toEqual(runIproute2(args)));
    },
    120_000,
  );

  it('prints what a reload performed like iproute2', async () => {
    const lines = [
      ['dev', 'reload', plain.handle],
      ['-j', 'dev', 'reload', plain.handle, 'action', 'driver_reinit'],
      ['-jp', 'dev', 'reload', plain.handle],
      ['dev', 'reload', plain.handle, 'action', 'fw_activate'],
      // (`limit no_reset` is left out: iproute2 6.1's limits selector fails the 6.12 kernel's policy.)
    ];
    expect(await cliDifferences(lines)).toEqual([]);
  }, 120_000);

  it('resolves a netdev name as a port handle like iproute2', async () => {
    const netdev = (JSON.parse(runIproute2(['-j', 'port', 'show', `${plain.handle}/0`]).stdout) as {
      port: Record<string, { netdev: string }>;
    }).port[`${plain.handle}/0`]?.netdev;
    expect(netdev).toBeDefined();
    expect(await cliDifferences(withVariants([['port', 'show', netdev ?? '']]))).toEqual([]);
  }, 120_000);

  it('runs a batch file like iproute2, with and without -force', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-batch-')), 'cmds');
    writeFileSync(
      file,
      [`dev show ${plain.handle}`, '# comment', `port show ${plain.handle}/99`, `dev eswitch show ${rich.handle}`, 'bogus', ''].join('\n'),
    );
    // iproute2's getopt takes -f only (its usage says -f[orce], but `-force` fails there).
    const lines = [['-b', file], ['-f', '-b', file], ['-j', '-f', '-b', file], ['-jp', '-f', '-b', file]];
    expect(await cliDifferences(lines)).toEqual([]);
  }, 120_000);

  it('prints the same monitor lines for dev and port events', async () => {
    // (captureMonitors acts once both monitors listen, instead of after a fixed 3 s)
    const capture = await captureMonitors(['dev', 'port'], async () => {
      const dev = createNetdevsim(1);
      dev.addPort(5);
      dev.deletePort(5);
      dev.remove();
    });
    expect(capture.reference).toContain('[port,new]');
    expect(capture.reference).toContain('[dev,new]');
    expect({ out: capture.ours, err: capture.oursErr }).toEqual({ out: capture.reference, err: '' });
  }, 120_000);
});

describe.skipIf(!sfsimLoaded())('CLI differential on sfsim SFs', () => {
  let dev: SfsimDevice;

  beforeAll(() => {
    dev = createSfsim({ vfs: 1 });
    devlink(['dev', 'eswitch', 'set', dev.handle, 'mode', 'switchdev']);
    devlink(['port', 'add', dev.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '88']);
    devlink(['port', 'function', 'set', dev.sfPort(0), 'hw_addr', '02:00:00:00:00:58']);
  });
  afterAll(() => dev?.remove());

  it('prints SF ports, caps and max_io_eqs as the newer iproute2 does', async () => {
    const newer = newerIproute2Devlink();
    const lines = [['port', 'show', dev.handle], ['port', 'show', dev.sfPort(0)], ['port', 'function', 'rate', 'show']];
    expect(await cliDifferences(withVariants(lines), { binary: newer })).toEqual([]);
  });

  it('prints sfnum above 65535 in full where iproute2 truncates it', async () => {
    const added = await runOurs(['port', 'add', dev.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '70000']);
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/sfnum 70000 /);
    const reference = runIproute2(['port', 'show', dev.sfPort(1)]);
    expect(reference.stdout).toMatch(/sfnum 4464 /);
    const json = await runOurs(['-j', 'port', 'add', dev.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '70001']);
    expect(Object.keys(JSON.parse(json.stdout).port)).toHaveLength(1);
  });
});

describe.skipIf(!sfsimLoaded())('CLI SF lifecycle on sfsim with --wait (real notifications)', () => {
  let dev: SfsimDevice;

  beforeAll(() => {
    dev = createSfsim({ vfs: 2 });
  });
  afterAll(() => dev?.remove());

  it('adds, configures, activates with --wait, deactivates with --wait and deletes an SF', async () => {
    const newer = newerIproute2Devlink();
    expect(await runOurs(['dev', 'eswitch', 'set', dev.handle, 'mode', 'switchdev'])).toEqual({ status: 0, stdout: '', stderr: '' });
    const added = await runOurs(['port', 'add', dev.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '88', '--wait=20']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(new RegExp(`^${dev.sfPort(0)}: type eth netdev \\S+ flavour pcisf controller 0 pfnum 0 sfnum 88 splittable false\\n  function:\\n    hw_addr 00:00:00:00:00:00 state inactive opstate detached roce enable max_io_eqs 8\\n$`));
    const sf = dev.sfPort(0);
    for (const args of [
      ['port', 'function', 'set', sf, 'hw_addr', '02:00:00:00:00:58', 'roce', 'disable', 'max_io_eqs', '16'],
      ['port', 'function', 'rate', 'add', `${dev.handle}/tenant`, 'tx_share', '10mbit', 'tx_max', '1gbit', 'tx_priority', '1', 'tx_weight', '10'],
      ['port', 'function', 'rate', 'set', sf, 'tx_share', '1mbit', 'tx_max', '100mbit', 'parent', 'tenant'],
    ]) {
      expect(await runOurs(args), args.join(' ')).toEqual({ status: 0, stdout: '', stderr: '' });
    }
    const configured = [['port', 'show', sf], ['port', 'function', 'rate', 'show'], ['dev', 'eswitch', 'show', dev.handle]];
    expect(await cliDifferences(withVariants(configured), { binary: newer })).toEqual([]);

    const active = await runOurs(['port', 'function', 'set', sf, 'state', 'active', '--wait=20']);
    expect(active.stderr).toBe('');
    expect(active.stdout).toMatch(new RegExp(`^${sf}: opstate attached devlink auxiliary/\\S+ netdev \\S+\\n$`));
    const devlinkName = /devlink (\S+)/.exec(active.stdout)?.[1] ?? '';
    const shown = await runOurs(['port', 'show', sf]);
    expect(shown.stdout).toContain(`      nested_devlink:\n        ${devlinkName}\n`);
    const attached = [['port', 'show', sf], ['dev', 'show', devlinkName], ['port', 'show', devlinkName]];
    expect(await cliDifferences(withVariants(attached), { binary: newer })).toEqual([]);

    const inactive = await runOurs(['-j', 'port', 'function', 'set', sf, 'state', 'inactive', '--wait=20']);
    expect(inactive).toEqual({ status: 0, stdout: '\n', stderr: '' });
    expect((await runOurs(['port', 'show', sf])).stdout).toContain('state inactive opstate detached');
    expect(await runOurs(['rate', 'set', sf, 'noparent'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await runOurs(['rate', 'del', `${dev.handle}/tenant`])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await runOurs(['port', 'del', sf])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect((await runOurs(['port', 'show', sf])).status).toBe(1);
  }, 240_000);

  it('names the stage a --wait timed out in', async () => {
    dev.setStallAttach(true);
    try {
      expect((await runOurs(['port', 'add', dev.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '77'])).status).toBe(0);
      const sf = dev.sfPort(0);
      const run = await runOurs(['port', 'function', 'set', sf, 'state', 'active', '--wait=1']);
      expect(run).toEqual({
        status: 1,
        stdout: '',
        stderr: `Timed out after 1 s waiting for ${sf}: stage "function attached" did not complete (opstate is detached)\n`,
      });
    } finally {
      dev.setStallAttach(false);
    }
  }, 120_000);
});
