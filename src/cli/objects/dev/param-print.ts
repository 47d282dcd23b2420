import type { DevlinkParam, ParamModeValue, ParamValue } from '../../../devlink/types.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';

/**
 * Names iproute2 prints instead of numbers for a few generic parameters (and accepts on `set`).
 * Why a table: `fw_load_policy` and `reset_dev_on_drv_probe` are enums on the wire.
 */
export const PARAM_VALUE_NAMES: ReadonlyMap<string, readonly (readonly [string, number])[]> = new Map([
  ['fw_load_policy', [['driver', 0], ['flash', 1], ['disk', 2], ['unknown', 3]]],
  ['reset_dev_on_drv_probe', [['unknown', 0], ['always', 1], ['never', 2], ['disk', 3]]],
]);

/** A device parameter, or a port parameter (which carries its port's index). */
export type PrintableParam = DevlinkParam & { readonly portIndex?: number };

/**
 * Prints one parameter as `devlink dev param show` does: a `bus/dev:` header shared by the
 * device's parameters, `name NAME type generic|driver-specific` and a `values:` list of
 * `cmode C value V [default D]`. In `array` mode consecutive parameters of a device are grouped
 * (JSON: `"pci/...": [ {...}, {...} ]`); monitor events print one parameter alone.
 */
export function printParam(p: Printer, param: PrintableParam, array: boolean): void {
  if (param.portIndex !== undefined) p.portHandleStart(param.busName, param.deviceName, param.portIndex, array);
  else p.handleStart(param.busName, param.deviceName, true, array);
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

function printParamValue(p: Printer, param: PrintableParam, value: ParamModeValue): void {
  if (param.type !== 'bool' && value.value === undefined) return;
  p.beginItem();
  p.string('cmode', enumText(value.cmode, '<unknown type>'), 'cmode %s');
  if (!printTypedValue(p, param, value.value, 'value')) return;
  if (value.defaultValue !== undefined) printTypedValue(p, param, value.defaultValue, 'default');
}

/** Prints ` value V`; returns false when iproute2 would stop (an enum value it cannot name). */
function printTypedValue(p: Printer, param: PrintableParam, data: ParamValue | undefined, label: string): boolean {
  p.string(null, label, ' %s ', 'text');
  switch (param.type) {
    case 'u8':
    case 'u16':
    case 'u32': {
      const names = PARAM_VALUE_NAMES.get(param.name);
      const numeric = Number(data ?? 0);
      if (names) {
        const entry = names.find(([, n]) => n === numeric);
        if (!entry) return false;
        p.string(label, entry[0], '%s');
      } else {
        p.uint(label, numeric, '%s');
      }
      return true;
    }
    case 'u64':
      // iproute2 prints nothing after " value " for u64 parameters (a missing case); we print it.
      p.uint(label, typeof data === 'bigint' ? data : BigInt(Number(data ?? 0)), '%s');
      return true;
    case 'string':
      p.string(label, String(data ?? ''), '%s');
      return true;
    case 'bool':
      p.bool(label, data === true, '%s');
      return true;
    default:
      // iproute2 prints nothing for a value type it does not know; so do we.
      return true;
  }
}
