import type { DevlinkResource } from '../../../devlink/ops/resources.js';
import { parseDeviceArg } from '../../grammar/handles.js';
import { parseObjectOptions } from '../../grammar/object-options.js';
import type { Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { describeFailure } from '../../report.js';
import { commandNotFound, inSection, printUsage } from '../common.js';
import { hasPendingChange, printResource } from './print.js';

/** `devlink-ts resource help` (iproute2's words). */
export const RESOURCE_USAGE = ['Usage: devlink resource show DEV', '       devlink resource set DEV path PATH size SIZE'];

/** Finds a resource id by its `/a/b` path, as iproute2 does (by names, empty parts skipped). */
function resourceIdOf(resources: readonly DevlinkResource[], path: string): bigint | undefined {
  let list = resources;
  let id: bigint | undefined = 0n;
  for (const name of path.split('/').filter((part) => part !== '')) {
    const found = list.find((resource) => resource.name === name);
    if (!found) return undefined;
    id = found.id;
    list = found.children;
  }
  return id;
}

/** `devlink-ts resource ...`: show, set. */
export const resourceCommand: Command = async (cursor, context) => {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, RESOURCE_USAGE);
  if (cursor.accept('show')) {
    const dev = parseDeviceArg(cursor.next());
    parseObjectOptions(cursor, []);
    const devlink = await context.devlink();
    const read = await devlink.getDpipeTables(dev).catch((error: unknown) => {
      // iproute2 reports the refusal, then its own line (with errno's text for 0).
      const { text } = describeFailure(error);
      throw new CliError([text, 'error get tables Success']);
    });
    // iproute2 (6.1 and 6.15) reads the tables before the resources and so never ties a table to
    // its resource: it prints `dpipe_tables none` (checked on objsim's /host4). So does devlink-ts.
    const tables = read.map(({ name }) => ({ name }));
    await inSection(context, 'resources', async () => {
      const { resources } = await devlink.getResources(dev);
      const pending = hasPendingChange(resources);
      for (const resource of resources) {
        context.printer.handleStart(dev.busName, dev.deviceName, true, true);
        printResource(context.printer, resource, tables, pending, context.options.verbose);
        context.printer.handleEnd();
      }
    });
    return;
  }
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = parseObjectOptions(cursor, [], ['path', 'size']);
    const devlink = await context.devlink();
    const id = resourceIdOf((await devlink.getResources(dev)).resources, options.path ?? '');
    if (id === undefined) throw new CliError('error parsing resource path Invalid argument');
    await devlink.setResourceSize(dev, id, options.size ?? 0n);
    return;
  }
  throw commandNotFound(cursor);
};
