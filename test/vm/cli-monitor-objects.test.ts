import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { captureMonitors } from './support/monitor-compare.js';
import { createNetdevsim } from './support/netdevsim.js';

// `monitor health trap trap-group trap-policer region`: devlink-ts and iproute2 6.1's devlink
// watch the same netdevsim changes and must print the same text.

describe('CLI differential: monitor of health, trap and region events', () => {
  it('prints the same lines as iproute2', async () => {
    // iproute2 6.1's monitor does not accept `region` as an object.
    const objects = ['health', 'trap', 'trap-group', 'trap-policer'];
    // (captureMonitors acts once both monitors listen, instead of after a fixed 3 s)
    const capture = await captureMonitors(objects, async () => {
      const dev = createNetdevsim(1);
      const h = dev.handle;
      const quiet = { io: memoryIo(), signal: new AbortController().signal };
      await main(['trap', 'set', h, 'trap', 'blackhole_route', 'action', 'trap'], quiet);
      await main(['trap', 'group', 'set', h, 'group', 'l3_drops', 'policer', '2'], quiet);
      await main(['trap', 'policer', 'set', h, 'policer', '2', 'rate', '5000', 'burst', '300'], quiet);
      await main(['region', 'new', `${h}/dummy`, 'snapshot', '3'], quiet);
      await main(['region', 'del', `${h}/dummy`, 'snapshot', '3'], quiet);
      dev.writeDebugfs('health/break_health', 'boom');
      await main(['health', 'recover', h, 'reporter', 'dummy'], { io: memoryIo(), signal: new AbortController().signal });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      dev.remove();
    });
    const { reference } = capture;
    console.log(JSON.stringify(capture));
    expect(reference).toContain('[trap,new]');
    expect(reference).toContain('[health,status]');
    expect({ out: capture.ours, err: capture.oursErr }).toEqual({ out: reference, err: '' });
  }, 200_000);
});
