import { describe, expect, it } from 'vitest';
import { useDevlink } from './support/client.js';
import { devlinkJson } from './support/iproute2.js';
import { netdevsimPerTest } from './support/netdevsim.js';

const PORTS = 260; // more than 256: several netlink dump parts, each a full socket buffer

describe('a dump of many ports', () => {
  const dl = useDevlink();
  const netdevsim = netdevsimPerTest();

  it(`returns all ${PORTS} ports of one device, filtered or not, as iproute2 counts them`, async () => {
    const dev = netdevsim(PORTS);
    const expected = Array.from({ length: PORTS }, (_, i) => i);
    expect((await dl().listPorts(dev.handle)).map((p) => p.index)).toEqual(expected);
    const all = (await dl().listPorts()).filter((p) => p.deviceName === dev.devName);
    expect(all.map((p) => p.index)).toEqual(expected);
    const reference = devlinkJson<{ port: Record<string, unknown> }>(['port', 'show']);
    expect(Object.keys(reference.port).filter((h) => h.startsWith(`${dev.handle}/`))).toHaveLength(PORTS);
  }, 180_000);
});
