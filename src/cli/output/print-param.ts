import type { Printer } from './printer.js';
import type { ParamValueView, ParamView } from './views.js';
import { paramCmodeName } from './names.js';

/** Parameter value types (DEVLINK_VAR_ATTR_TYPE_*). */
export const PARAM_TYPE = { u8: 1, u16: 2, u32: 3, u64: 4, string: 5, flag: 6 } as const;

/**
 * Names iproute2 prints instead of numbers for a few generic parameters (and accepts on `set`).
 * Why a table: `fw_load_policy` and `reset_dev_on_drv_probe` are enums on the wire.
 */
export const PARAM_VALUE_NAMES: ReadonlyMap<string, readonly (readonly [string, number])[]> = new Map([
  ['fw_load_policy', [['driver', 0], ['flash', 1], ['disk', 2], ['unknown', 3]]],
  ['reset_dev_on_drv_probe', [['unknown', 0], ['always', 1], ['never', 2], ['disk', 3]]],
]);

/**
 * Prints one parameter as `devlink dev param show` does: a `bus/dev:` header shared by the
 * device's parameters, `name NAME type generic|driver-specific` and a `values:` list of
 * `cmode C value V [default D]`. In `array` mode consecutive parameters of a device are grouped
 * (JSON: `"pci/...": [ {...}, {...} ]`); monitor events print one parameter alone.
 */
export function printParam(p: Printer, param: ParamView, array: boolean): void {
  if (param.portIndex !== undefined) p.portHandleStart(param.busName, param.devName, param.portIndex, array);
  else p.handleStart(param.busName, param.devName, true, array);
  p.beginItem();
  p.string('name', param.name, 'name %s ');
  p.string('type', param.generic ? 'generic' : 'driver-specific', 'type %s');
  p.arrayStart('values');
  for (const value of param.values) {
    p.entryStart();
    printParamValue(p, param, value);
    p.entryEnd();
  }
  p.arrayEnd();
  if (param.portIndex !== undefined) p.portHandleEnd();
  else p.handleEnd();
}

function printParamValue(p: Printer, param: ParamView, value: ParamValueView): void {
  if (param.type !== PARAM_TYPE.flag && value.data === undefined) return;
  p.beginItem();
  p.string('cmode', paramCmodeName(value.cmode), 'cmode %s');
  if (!printTypedValue(p, param, value.data, 'value')) return;
  if (value.defaultData !== undefined) printTypedValue(p, param, value.defaultData, 'default');
}

/** Prints ` value V`; returns false when iproute2 would stop (an enum value it cannot name). */
function printTypedValue(p: Printer, param: ParamView, data: ParamValueView['data'], label: string): boolean {
  p.string(null, label, ' %s ', 'text');
  switch (param.type) {
    case PARAM_TYPE.u8:
    case PARAM_TYPE.u16:
    case PARAM_TYPE.u32: {
      const names = PARAM_VALUE_NAMES.get(param.name);
      const numeric = typeof data === 'bigint' ? Number(data) : Number(data ?? 0);
      if (names) {
        const entry = names.find(([, n]) => n === numeric);
        if (!entry) return false;
        p.string(label, entry[0], '%s');
      } else {
        p.uint(label, numeric, '%s');
      }
      return true;
    }
    case PARAM_TYPE.u64:
      // iproute2 prints nothing after " value " for u64 parameters (a missing case); we print it.
      p.uint(label, typeof data === 'bigint' ? data : BigInt(Number(data ?? 0)), '%s');
      return true;
    case PARAM_TYPE.string:
      p.string(label, String(data ?? ''), '%s');
      return true;
    case PARAM_TYPE.flag:
      p.bool(label, data === true || data === 1 || data === 1n, '%s');
      return true;
    default:
      // iproute2 prints nothing for a value type it does not know; so do we.
      return true;
  }
}
