import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { useDevlink } from './support/client.js';
import { devlink, devlinkJson } from './support/iproute2.js';
import { devicesView, eswitchView, infoView, paramsView, portsView, ratesView } from './support/iproute2-view.js';
import { createNetdevsim, switchdevWithVfs, vfPortIndex, type NetdevsimDevice } from './support/netdevsim.js';

type Json = Record<string, Record<string, unknown>>;

/** Keeps only the entries of a `devlink -j` object that belong to the given devices. */
function onlyDevices(json: Json, key: string, handles: readonly string[]): Json {
  const section = json[key] ?? {};
  return {
    [key]: Object.fromEntries(Object.entries(section).filter(([h]) => handles.some((d) => h === d || h.startsWith(`${d}/`)))),
  };
}

// The same netdevsim state, seen by the library and by iproute2's `devlink -j`, must agree.
describe('differential: library view equals iproute2 devlink -j', () => {
  const dl = useDevlink();
  let plain: NetdevsimDevice;
  let rich: NetdevsimDevice;
  let handles: string[];

  beforeAll(() => {
    plain = createNetdevsim(2);
    rich = createNetdevsim(3);
    switchdevWithVfs(rich, 3);
    // state set through iproute2, so the library only reads
    devlink(['port', 'function', 'rate', 'add', `${rich.handle}/top`, 'tx_share', '8mbit', 'tx_max', '800mbit']);
    devlink(['port', 'function', 'rate', 'add', `${rich.handle}/mid`, 'parent', 'top']);
    devlink(['port', 'function', 'rate', 'set', `${rich.handle}/${vfPortIndex(0)}`, 'tx_share', '16mbit', 'parent', 'mid']);
    devlink(['port', 'function', 'rate', 'set', `${rich.handle}/${vfPortIndex(2)}`, 'tx_max', '1000mbit']);
    devlink(['dev', 'param', 'set', plain.handle, 'name', 'max_macs', 'value', '7', 'cmode', 'driverinit']);
    devlink(['dev', 'param', 'set', plain.handle, 'name', 'test1', 'value', 'false', 'cmode', 'driverinit']);
    handles = [plain.handle, rich.handle];
  });
  afterAll(() => {
    plain?.remove();
    rich?.remove();
  });

  it('devices', async () => {
    const ours = devicesView((await dl().listDevices()).filter((d) => handles.includes(d.handle)));
    expect(ours).toEqual(onlyDevices(devlinkJson<Json>(['dev', 'show']), 'dev', handles));
  });

  it('ports (physical and pcivf)', async () => {
    const ours = portsView((await dl().listPorts()).filter((p) => handles.includes(`${p.busName}/${p.deviceName}`)));
    const theirs = onlyDevices(devlinkJson<Json>(['port', 'show']), 'port', handles);
    expect(Object.keys(theirs.port ?? {})).toHaveLength(2 + 3 + 3);
    expect(ours).toEqual(theirs);
  });

  it('rates (leaves, nodes, parents, shares and limits)', async () => {
    const ours = ratesView((await dl().listRates()).filter((r) => handles.includes(`${r.busName}/${r.deviceName}`)));
    const theirs = onlyDevices(devlinkJson<Json>(['port', 'function', 'rate', 'show']), 'rate', handles);
    expect(Object.keys(theirs.rate ?? {})).toHaveLength(3 + 2);
    expect(ours).toEqual(theirs);
  });

  it('eswitch', async () => {
    for (const handle of handles) {
      expect(eswitchView(await dl().getEswitch(handle))).toEqual(devlinkJson(['dev', 'eswitch', 'show', handle]));
    }
  });

  it('params', async () => {
    const ours = paramsView((await dl().listParams()).filter((p) => handles.includes(p.handle)));
    expect(ours).toEqual(onlyDevices(devlinkJson<Json>(['dev', 'param', 'show']), 'param', handles));
  });

  it('info', async () => {
    for (const handle of handles) {
      expect(infoView(await dl().getInfo(handle))).toEqual(devlinkJson(['dev', 'info', handle]));
    }
  });
});
