import type { Devlink } from '../../../devlink/client.js';
import { DevlinkWaitTimeoutError } from '../../../devlink/errors.js';
import { formatPortHandle, type PortHandle } from '../../../devlink/handles.js';
import { waitFor } from '../../../devlink/ops/wait.js';
import type { DevlinkPort } from '../../../devlink/types.js';
import type { CliContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { DEFAULT_WAIT_MS } from '../../wait-default.js';

/** Where a staged wait is: the stage still missing (undefined once done) and what is seen now. */
interface Stage<T> {
  pending?: string;
  /** The current state, for the timeout message. */
  detail?: string;
  value?: T;
}

/**
 * `--wait` on `port add` and `port function set`: re-reads the state with `check` on every port
 * or device notification (the library's notification-driven wait, subscribed before the first
 * read) until no stage is pending; a timeout (or Ctrl-C) fails naming the stage that did not
 * complete and what was seen.
 */
async function waitForStages<T>(context: CliContext, subject: string, check: (devlink: Devlink) => Promise<Stage<T>>): Promise<T | undefined> {
  const devlink = await context.devlink();
  const timeoutMs = context.options.waitMs ?? DEFAULT_WAIT_MS;
  let last: Stage<T> = {};
  try {
    await waitFor(
      devlink.session,
      subject,
      async () => (last = await check(devlink)),
      (event) => (event.kind === 'port' || event.kind === 'dev' ? { matched: true, reread: true } : { matched: false }),
      (stage) => stage !== undefined && stage.pending === undefined,
      { timeoutMs, signal: context.stopSignal },
    );
    return last.value;
  } catch (error) {
    if (!(error instanceof DevlinkWaitTimeoutError) && !context.stopSignal.aborted) throw error;
    const seconds = Number((timeoutMs / 1000).toFixed(3));
    throw new CliError(
      `Timed out after ${seconds} s waiting for ${subject}: stage "${last.pending ?? ''}" did not complete` +
        (last.detail ? ` (${last.detail})` : ''),
    );
  }
}

async function tryGetPort(devlink: Devlink, port: PortHandle): Promise<DevlinkPort | undefined> {
  return devlink.getPort(port).catch(() => undefined);
}

/**
 * `port add ... --wait`: returns the new port once the kernel reports it with its function
 * (the port is fully registered and can be configured).
 */
export async function waitForPortReady(context: CliContext, created: DevlinkPort): Promise<DevlinkPort> {
  const port = await waitForStages(context, created.handle, async (devlink) => {
    const current = await tryGetPort(devlink, created);
    return current ? { value: current } : { pending: 'port registration', detail: 'the port is not reported yet' };
  });
  return port ?? created;
}

/**
 * `port function set ... state active --wait`: waits until the function is attached, its own
 * devlink instance (e.g. `auxiliary/mlx5_core.sf.4`) exists and that instance has a port with a
 * netdev; then prints the port, the instance and the netdev.
 */
export async function waitForFunctionAttached(context: CliContext, port: PortHandle): Promise<void> {
  const result = await waitForStages(context, formatPortHandle(port), async (devlink) => {
    const fn = (await tryGetPort(devlink, port))?.function;
    if (fn?.opstate !== 'attached') {
      return { pending: 'function attached', detail: `opstate is ${fn?.opstate === 'detached' ? 'detached' : 'unknown'}` };
    }
    const instance = fn.devlink;
    if (!instance) return { pending: 'SF devlink instance', detail: 'the function reports no devlink instance yet' };
    try {
      await devlink.getDevice(instance);
    } catch {
      return { pending: 'SF devlink instance', detail: `${instance.handle} does not exist yet` };
    }
    const ports = await devlink.listPorts(instance).catch(() => []);
    const netdev = ports.find((candidate) => candidate.netdevName !== undefined)?.netdevName;
    if (netdev === undefined) return { pending: 'SF netdev', detail: `${instance.handle} has no port with a netdev yet` };
    return { value: { devlink: instance.handle, netdev } };
  });
  if (!result) return;
  const p = context.printer;
  p.sectionStart('port');
  p.portHandleStart(port.busName, port.deviceName, port.portIndex, false);
  p.beginItem();
  p.string('opstate', 'attached', 'opstate %s');
  p.string('devlink', result.devlink, ' devlink %s');
  p.string('netdev', result.netdev, ' netdev %s');
  p.portHandleEnd();
  p.sectionEnd();
  context.flush();
}

/** `port function set ... state inactive --wait`: waits until the function is detached. */
export async function waitForFunctionDetached(context: CliContext, port: PortHandle): Promise<void> {
  await waitForStages(context, formatPortHandle(port), async (devlink) => {
    const opstate = (await tryGetPort(devlink, port))?.function?.opstate;
    if (opstate !== 'detached') return { pending: 'function detached', detail: `opstate is ${opstate === 'attached' ? 'attached' : 'unknown'}` };
    return { value: true };
  });
}
