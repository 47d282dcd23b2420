import { afterEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { decodeAttributes } from '../../src/devlink/codec.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { FakeDevlink } from '../support/fake-devlink.js';

const PF = 'pci/0000:06:00.0';
let fake: FakeDevlink;
let dl: Devlink;

async function setup(attachDelayMs: number | null = 0): Promise<void> {
  fake = new FakeDevlink(new FakeKernel(), { attachDelayMs });
  fake.addDevice(PF, { sf: true, eswitchMode: 'switchdev' });
  dl = await Devlink.open({ transport: fake.openTransport(), timeoutMs: 2000 });
}

const tick = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  dl?.close();
  fake?.dispose();
});

describe('devlink event streams', () => {
  it('end when the client closes, and leave the multicast group', async () => {
    await setup();
    const transport = fake.kernel.openTransports()[0]!;
    const stream = dl.events();
    expect(transport.memberships.size).toBe(1);
    const pending = stream.next();
    dl.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(dl.events()[Symbol.asyncIterator]).toBeDefined();
    expect((await dl.events().next()).done).toBe(true);
  });

  it('replace a backlog beyond maxQueue by one resync', async () => {
    await setup();
    const stream = dl.events({ maxQueue: 2 });
    await tick(5);
    for (let i = 0; i < 3; i++) fake.addDevice(`netdevsim/netdevsim${i}`);
    await tick();
    const first = await stream.next();
    expect(first.value).toMatchObject({ kind: 'resync' });
    stream.close();
  });

  it('deliver only the kinds asked for, in order, beside an unfiltered stream', async () => {
    await setup();
    const ports = dl.events({ kinds: ['port'] });
    const all = dl.events();
    await tick(5);
    fake.addDevice('netdevsim/netdevsim7');
    const added = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 9 });
    await dl.setPortFunction(added.handle, { hwAddr: '02:00:00:00:00:09' });
    await tick();
    // finish(): stop listening, then read what was buffered.
    const seen = async (stream: typeof ports): Promise<string[]> => {
      stream.finish();
      const kinds: string[] = [];
      for await (const event of stream) kinds.push(event.kind);
      return kinds;
    };
    const everything = await seen(all);
    expect(everything).toContain('dev');
    expect(everything.filter((kind) => kind === 'port').length).toBeGreaterThanOrEqual(2);
    expect(await seen(ports)).toEqual(everything.filter((kind) => kind === 'port'));
  });

  it('drop what the filter refuses, given each notification\'s instance and port index', async () => {
    await setup();
    const subjects: string[] = [];
    const mine = dl.events({
      kinds: ['port', 'dev'],
      filter: ({ device, portIndex }) => {
        subjects.push(`${device}${portIndex !== undefined ? `/${portIndex}` : ''}`);
        return device === PF;
      },
    });
    const all = dl.events({ kinds: ['port', 'dev'] });
    await tick(5);
    fake.addDevice('netdevsim/netdevsim7', { physicalPorts: 2 });
    const added = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 9 });
    await tick();
    const handles = async (stream: typeof mine): Promise<string[]> => {
      stream.finish();
      const seen: string[] = [];
      for await (const event of stream) if (event.kind === 'port') seen.push(event.port.handle); else if (event.kind === 'dev') seen.push(event.device.handle);
      return seen;
    };
    const everything = await handles(all);
    expect(everything).toContain('netdevsim/netdevsim7');
    expect(everything).toContain(added.handle);
    expect(subjects).toEqual(everything);
    expect(await handles(mine)).toEqual(everything.filter((handle) => handle.startsWith(`${PF}/`) || handle === PF));
  });

  it('share one group membership between streams', async () => {
    await setup();
    const transport = fake.kernel.openTransports()[0]!;
    const a = dl.events();
    const b = dl.events();
    a.close();
    expect(transport.memberships.size).toBe(1);
    b.close();
    expect(transport.memberships.size).toBe(0);
  });
});

describe('waits driven by notifications', () => {
  it('waitForPort sees a port disappear', async () => {
    await setup();
    const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 9 });
    const gone = dl.waitForPort(sf.handle, (p) => p === undefined, { timeoutMs: 2000 });
    await tick();
    await dl.deletePort(sf.handle);
    expect(await gone).toBeUndefined();
  });

  it('waitForFunctionOpstate rejects when the port is deleted while waiting', async () => {
    await setup(null);
    const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 10 });
    await dl.setPortFunction(sf.handle, { state: 'active' });
    const waiting = dl.waitForFunctionOpstate(sf.handle, 'attached', { timeoutMs: 2000 });
    await tick();
    await dl.deletePort(sf.handle);
    await expect(waiting).rejects.toMatchObject({ code: 'ENODEV' });
  });

  it('waitForDevice waits for the SF devlink instance to register', async () => {
    await setup(30);
    const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 11 });
    const registered = dl.waitForDevice('auxiliary/sfsim.sf.11', true, { timeoutMs: 2000 });
    await dl.setPortFunction(sf.handle, { state: 'active' });
    expect((await registered)?.handle).toBe('auxiliary/sfsim.sf.11');
  });

  it('re-reads state after a resync instead of trusting lost events', async () => {
    await setup(null);
    const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 12 });
    await dl.setPortFunction(sf.handle, { state: 'active' });
    const waiting = dl.waitForFunctionOpstate(sf.handle, 'attached', { timeoutMs: 2000 });
    await tick();
    const transport = fake.kernel.openTransports()[0]!;
    const device = fake.devices.get(PF)!;
    const port = device.ports.get(sf.index)!;
    // The attach notification is lost in an overflow; only the re-read can see it.
    fake.kernel.injectOverflow(transport, { dropQueued: true });
    port.function!.opstate = 'attached';
    port.function!.devlink = 'auxiliary/sfsim.sf.12';
    fake.kernel.injectOverflow(transport, { dropQueued: true });
    fake.addDevice('netdevsim/netdevsim99');
    expect((await waiting).function?.opstate).toBe('attached');
  });

  it('times out while the initial read is still unanswered', async () => {
    await setup(null);
    const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 14 });
    fake.kernel.setHandler(fake.family, (request) => request.silence());
    const started = Date.now();
    await expect(dl.waitForFunctionOpstate(sf.handle, 'attached', { timeoutMs: 100 })).rejects.toMatchObject({
      name: 'DevlinkWaitTimeoutError', stage: 'opstate attached',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('honours an abort signal', async () => {
    await setup(null);
    const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 13 });
    const controller = new AbortController();
    const waiting = dl.waitForFunctionOpstate(sf.handle, 'attached', { signal: controller.signal, timeoutMs: 5000 });
    await tick();
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});

describe('notification filter', () => {
  it('limits the socket to one port, then to nothing filtered again', async () => {
    await setup();
    const a = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 21 });
    const b = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 22 });
    await dl.setNotifyFilter({ port: b.handle });
    expect(requestsOfFilter().at(-1)).toEqual({ 'bus-name': 'pci', 'dev-name': '0000:06:00.0', 'port-index': b.index });
    const stream = dl.events();
    await dl.setPortFunction(a.handle, { maxIoEqs: 2 });
    await dl.setPortFunction(b.handle, { maxIoEqs: 3 });
    await dl.setNotifyFilter(null);
    await dl.setPortFunction(a.handle, { maxIoEqs: 5 });
    const first = await stream.next();
    const second = await stream.next();
    stream.close();
    expect([first.value, second.value].map((e) => (e as { port: { handle: string; function?: { maxIoEqs?: number } } }).port)).toMatchObject([
      { handle: b.handle, function: { maxIoEqs: 3 } },
      { handle: a.handle, function: { maxIoEqs: 5 } },
    ]);
    await expect(dl.setNotifyFilter({ device: PF, port: a.handle } as never)).rejects.toThrow('give a device or a port, not both');
  });
});

function requestsOfFilter(): unknown[] {
  return fake.kernel.requests
    .filter((r) => r.genl?.command === 84)
    .map((r) => decodeAttributes(r.genl!.attributes, 'devlink').values);
}
