import type { PortRef } from './backend.js';
import type { CliContext } from './context.js';
import { CliError } from './errors.js';
import { EventQueue } from './events.js';
import type { DeviceHandleView, PortView } from './output/views.js';
import { DEFAULT_WAIT_MS } from './wait-default.js';

/** How often the state is re-read even without a notification (a safety net, not the driver). */
const RECHECK_MS = 1000;


/** Starts listening before the command acts, so no notification can slip by. */
export async function startWatching(context: CliContext): Promise<EventQueue> {
  return EventQueue.open(await context.backend());
}

interface StageResult<T> {
  /** The stage still missing, or undefined when everything is done. */
  pending?: string;
  /** What the current state is, for the timeout message. */
  detail?: string;
  value?: T;
}

function portName(port: PortRef): string {
  return `${port.busName}/${port.devName}/${port.portIndex}`;
}

/**
 * Re-checks `check` after every notification (and every second as a safety net) until it reports
 * no pending stage, or fails with a timeout naming the stage that did not complete.
 */
async function waitFor<T>(
  context: CliContext,
  queue: EventQueue,
  subject: string,
  check: () => Promise<StageResult<T>>,
): Promise<T | undefined> {
  const timeoutMs = context.options.waitMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await check();
    if (state.pending === undefined) return state.value;
    if (Date.now() >= deadline || context.stopSignal.aborted) {
      const seconds = Number((timeoutMs / 1000).toFixed(3));
      throw new CliError(
        `Timed out after ${seconds} s waiting for ${subject}: stage "${state.pending}" did not complete` +
          (state.detail ? ` (${state.detail})` : ''),
      );
    }
    // Drain whatever arrived, then wait for the next notification or the re-check interval.
    await queue.next(Math.min(deadline, Date.now() + RECHECK_MS), context.stopSignal);
  }
}

async function tryGetPort(context: CliContext, ref: PortRef): Promise<PortView | undefined> {
  try {
    return await (await context.backend()).getPort(ref);
  } catch {
    return undefined;
  }
}

/**
 * `port add ... --wait`: returns the new port once the kernel reports it with its function
 * (the port is fully registered and can be configured).
 */
export async function waitForPortReady(context: CliContext, queue: EventQueue, created: PortView): Promise<PortView> {
  const ref = { busName: created.busName, devName: created.devName, portIndex: created.portIndex };
  const port = await waitFor(context, queue, portName(ref), async () => {
    const current = await tryGetPort(context, ref);
    if (!current) return { pending: 'port registration', detail: 'the port is not reported yet' };
    return { value: current };
  });
  return port ?? created;
}

/**
 * `port function set ... state active --wait`: waits until the function is attached, its own
 * devlink instance (e.g. `auxiliary/mlx5_core.sf.4`) exists and that instance has a port with a
 * netdev; then prints the port, the instance and the netdev.
 */
export async function waitForFunctionAttached(context: CliContext, queue: EventQueue, ref: PortRef): Promise<void> {
  const backend = await context.backend();
  const result = await waitFor(context, queue, portName(ref), async () => {
    const port = await tryGetPort(context, ref);
    const fn = port?.function;
    if (!fn || fn.opstate !== 1) {
      return { pending: 'function attached', detail: `opstate is ${fn?.opstate === 0 ? 'detached' : 'unknown'}` };
    }
    const instance: DeviceHandleView | undefined = fn.devlink;
    if (!instance) return { pending: 'SF devlink instance', detail: 'the function reports no devlink instance yet' };
    const name = `${instance.busName}/${instance.devName}`;
    try {
      await backend.getDevice({ busName: instance.busName, devName: instance.devName });
    } catch {
      return { pending: 'SF devlink instance', detail: `${name} does not exist yet` };
    }
    const ports = await backend.listPorts({ busName: instance.busName, devName: instance.devName }).catch(() => []);
    const netdev = ports.find((candidate) => candidate.netdevName !== undefined)?.netdevName;
    if (netdev === undefined) return { pending: 'SF netdev', detail: `${name} has no port with a netdev yet` };
    return { value: { devlink: name, netdev } };
  });
  if (!result) return;
  const p = context.printer;
  p.sectionStart('port');
  p.portHandleStart(ref.busName, ref.devName, ref.portIndex, false);
  p.beginItem();
  p.string('opstate', 'attached', 'opstate %s');
  p.string('devlink', result.devlink, ' devlink %s');
  p.string('netdev', result.netdev, ' netdev %s');
  p.portHandleEnd();
  p.sectionEnd();
  context.flush();
}

/** `port function set ... state inactive --wait`: waits until the function is detached. */
export async function waitForFunctionDetached(context: CliContext, queue: EventQueue, ref: PortRef): Promise<void> {
  await waitFor(context, queue, portName(ref), async () => {
    const port = await tryGetPort(context, ref);
    const opstate = port?.function?.opstate;
    if (opstate !== 0) return { pending: 'function detached', detail: `opstate is ${opstate === 1 ? 'attached' : 'unknown'}` };
    return { value: true };
  });
}
