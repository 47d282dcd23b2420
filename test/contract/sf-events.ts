/**
 * Contract: the notifications of an SF's life and of rate objects on sfsim, in order. On add the
 * port is announced as registered (type notset), then its rate leaf, then twice more as its
 * representor netdev registers (type eth, then with the netdev); a function set announces the
 * port; activation announces the state, then the SF's own devlink instance, then opstate attached;
 * deactivation the reverse; deleting an attached SF removes its instance without announcing the
 * opstate, then the leaf, the netdev (twice) and the port. Rate nodes and leaves are announced on
 * add and on every set the driver takes, never on a refused one, and on delete.
 */
import { describe, expect, it } from 'vitest';
import type { DevlinkEvent } from '../../src/devlink/ops/events.js';
import { describeEvent, recordEvents } from './events.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

/** A line with what these contracts check: a port's type and netdev, a rate's parent. */
function line(event: DevlinkEvent): string {
  if (event.kind === 'port') {
    const { port } = event;
    const fn = port.function ? ` ${port.function.state}/${port.function.opstate}` : '';
    return `port-${event.action} ${port.portIndex} ${port.type}${port.netdevName === undefined ? '' : ' netdev'}${fn}`;
  }
  if (event.kind === 'rate') return `rate-${event.action} ${event.rate.nodeName ?? event.rate.portIndex}${event.rate.parent ? ` parent ${event.rate.parent}` : ''}`;
  return describeEvent(event);
}

export const sfEventsContract: Contract = (target) => {
  describe(`SF life and rate notifications (sfsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.sfsim({ vfs: 1 }), async ({ dl, dev }) => {
      await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    });
    /** The device's events, and the add and del of SF instances (not their own ports and params: the SF driver's). */
    const record = () => recordEvents(c.dl, (device, event) => device === c.dev.handle || (event.kind === 'dev' && device.startsWith('auxiliary/sfsim.sf.')), line);

    it('add, function set, activate, deactivate, re-activate and delete: each step\'s notifications in order', async () => {
      const events = record();
      try {
        const sf = await c.dl.addPort(c.dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 20 });
        const i = sf.portIndex;
        expect(await events.take(4)).toEqual([`port-new ${i} notset inactive/detached`, `rate-new ${i}`, `port-new ${i} eth inactive/detached`, `port-new ${i} eth netdev inactive/detached`]);
        await c.dl.setPortFunction(sf.handle, { hwAddr: '02:00:00:00:00:20' });
        expect(await events.take(1)).toEqual([`port-new ${i} eth netdev inactive/detached`]);

        const activate = async (): Promise<string> => {
          await c.dl.setPortFunction(sf.handle, { state: 'active' });
          const lines = await events.until(/ active\/attached$/);
          const nested = (await c.dl.getPort(sf.handle)).function?.devlink?.handle ?? '';
          expect(lines).toEqual([`port-new ${i} eth netdev active/detached`, `dev-new ${nested}`, `port-new ${i} eth netdev active/attached`]);
          return nested;
        };
        const first = await activate();
        await c.dl.setPortFunction(sf.handle, { state: 'inactive' });
        expect(await events.until(/ inactive\/detached$/)).toEqual([`port-new ${i} eth netdev inactive/attached`, `dev-del ${first}`, `port-new ${i} eth netdev inactive/detached`]);

        const second = await activate();
        await c.dl.deletePort(sf.handle);
        expect(await events.until(/^port-del /)).toEqual([
          `dev-del ${second}`, `rate-del ${i}`, `port-new ${i} eth active/detached`, `port-new ${i} notset active/detached`, `port-del ${i} notset active/detached`,
        ]);
      } finally {
        events.close();
      }
    });

    it('rates: RATE_NEW on node add and on each set taken, none on a refused set, RATE_DEL on node delete', async () => {
      const events = record();
      try {
        const leaf = c.dev.port(1);
        await c.dl.addRateNode(`${c.dev.handle}/n1`, { txMax: 1_000_000n });
        await c.dl.setRate(leaf, { parent: 'n1' });
        expect(await refusal(c.dl.setRate(`${c.dev.handle}/n1`, { txPriority: 8 }))).toMatchObject({ code: 'ERANGE' });
        await c.dl.setRate(`${c.dev.handle}/n1`, { txShare: 500_000n });
        await c.dl.setRate(leaf, { parent: null });
        await c.dl.deleteRateNode(`${c.dev.handle}/n1`);
        expect(await events.take(5)).toEqual(['rate-new n1', 'rate-new 1 parent n1', 'rate-new n1', 'rate-new 1', 'rate-del n1']);
      } finally {
        events.close();
      }
    });
  });
};
