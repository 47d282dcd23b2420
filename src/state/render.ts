/**
 * Operations as `devlink` command lines (`apply --dry-run`) and as JSON (`apply --dry-run -j`).
 *
 * Why iproute2's words: an admin reviews a plan in the commands they know, and can feed the lines
 * to `devlink -b` (waits are comments). A port that does not exist yet has no index until the
 * kernel assigns one, so its lines name it in the words of the `port add` that creates it,
 * `<new port DEV pfnum P sfnum S>` (`controller C` added for another controller), and its SF's
 * devlink instance `<instance of new port DEV pfnum P sfnum S>`; every other line is exactly what
 * iproute2 accepts. Rates print in iproute2's units when that is exact, else in Bps.
 */
import { formatRate, parseRate } from '../devlink/rate-units.js';
import type { ParamValue, RateSettings } from '../index.js';
import type { Operation, SfRef } from './operations.js';

function rate(bytes: bigint): string {
  const text = formatRate(bytes);
  return parseRate(text) === bytes ? text : `${bytes}Bps`;
}

function rateWords(settings: RateSettings): string {
  const words: string[] = [];
  if (settings.txShare !== undefined) words.push(`tx_share ${rate(settings.txShare)}`);
  if (settings.txMax !== undefined) words.push(`tx_max ${rate(settings.txMax)}`);
  if (settings.txPriority !== undefined) words.push(`tx_priority ${settings.txPriority}`);
  if (settings.txWeight !== undefined) words.push(`tx_weight ${settings.txWeight}`);
  if (settings.parent !== undefined) words.push(settings.parent === null ? 'noparent' : `parent ${settings.parent}`);
  return words.join(' ');
}

function value(v: ParamValue): string {
  return String(v);
}

function enable(on: boolean): string {
  return on ? 'enable' : 'disable';
}

/** The words of a port that `port add` has yet to create: `new port DEV pfnum P sfnum S [controller C]`. */
function newPortWords(op: { device: string; sf: SfRef }): string {
  const { controller, pfnum, sfnum } = op.sf;
  return `new port ${op.device} pfnum ${pfnum} sfnum ${sfnum}${controller !== 0 ? ` controller ${controller}` : ''}`;
}

/** The port a line names: its handle, or `<new port DEV pfnum P sfnum S>` before it exists. */
function portOf(op: { device: string; port?: string; sf: SfRef }): string {
  return op.port ?? `<${newPortWords(op)}>`;
}

function instanceOf(op: { device: string; port?: string; sf: SfRef; instanceNetns?: string }): string {
  return `<instance of ${op.port ?? newPortWords(op)}${op.instanceNetns !== undefined ? ` in netns ${op.instanceNetns}` : ''}>`;
}

/** One operation as a devlink command line (a `#` comment for waits and record-only steps). */
export function renderOperation(op: Operation): string {
  switch (op.kind) {
    case 'param-set':
      return `dev param set ${op.device} name ${op.name} value ${value(op.value)} cmode ${op.cmode}`;
    case 'eswitch-set': {
      const words = [`dev eswitch set ${op.device}`];
      if (op.settings.mode !== undefined) words.push(`mode ${op.settings.mode}`);
      if (op.settings.inlineMode !== undefined) words.push(`inline-mode ${op.settings.inlineMode}`);
      if (op.settings.encapMode !== undefined) words.push(`encap-mode ${op.settings.encapMode}`);
      return words.join(' ');
    }
    case 'reload':
      return `dev reload ${op.device}`;
    case 'rate-node-add':
      return `port function rate add ${op.device}/${op.name}${rateWords(op.settings) ? ` ${rateWords(op.settings)}` : ''}`;
    case 'rate-node-set':
      return `port function rate set ${op.device}/${op.name} ${rateWords(op.settings)}`;
    case 'rate-node-del':
      return `port function rate del ${op.device}/${op.name}`;
    case 'health-set': {
      const words = [`health set ${op.device} reporter ${op.reporter}`];
      if (op.settings.gracefulPeriod !== undefined) words.push(`grace_period ${op.settings.gracefulPeriod}`);
      if (op.settings.autoRecover !== undefined) words.push(`auto_recover ${op.settings.autoRecover}`);
      if (op.settings.autoDump !== undefined) words.push(`auto_dump ${op.settings.autoDump}`);
      return words.join(' ');
    }
    case 'adopt':
      return `# adopt ${portOf(op)} (record it as owned by devlink-ts)`;
    case 'port-add':
      return `port add ${op.device} flavour pcisf pfnum ${op.sf.pfnum} sfnum ${op.sf.sfnum}${op.sf.controller !== 0 ? ` controller ${op.sf.controller}` : ''}`;
    case 'function-set': {
      const s = op.settings;
      const words = [`port function set ${portOf(op)}`];
      if (s.hwAddr !== undefined) words.push(`hw_addr ${String(s.hwAddr)}`);
      if (s.roce !== undefined) words.push(`roce ${enable(s.roce)}`);
      if (s.migratable !== undefined) words.push(`migratable ${enable(s.migratable)}`);
      if (s.ipsecCrypto !== undefined) words.push(`ipsec_crypto ${enable(s.ipsecCrypto)}`);
      if (s.ipsecPacket !== undefined) words.push(`ipsec_packet ${enable(s.ipsecPacket)}`);
      if (s.maxIoEqs !== undefined) words.push(`max_io_eqs ${s.maxIoEqs}`);
      return words.join(' ');
    }
    case 'rate-set':
      return `port function rate set ${portOf(op)} ${rateWords(op.settings)}`;
    case 'state-set':
      return `port function set ${portOf(op)} state ${op.state}`;
    case 'wait-opstate':
      return `# wait until ${portOf(op)} opstate is ${op.opstate}`;
    case 'port-del':
      return `port del ${portOf(op)}`;
    case 'sf-param-set':
      return `dev param set ${instanceOf(op)} name ${op.name} value ${value(op.value)} cmode ${op.cmode}`;
    case 'sf-reload':
      return `dev reload ${instanceOf(op)}${op.netns !== undefined ? ` netns ${op.netns}` : ''}`;
  }
}

/** The plan as `{"operations":[{"command":..., "kind":..., "object":...}]}`. */
export function renderOperationsJson(operations: readonly Operation[]): string {
  return JSON.stringify({ operations: operations.map((op) => ({ command: renderOperation(op), kind: op.kind, object: op.object })) });
}
