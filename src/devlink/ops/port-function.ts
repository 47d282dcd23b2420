/**
 * Port function configuration: hardware address, capabilities, max IO event queues and state, any
 * subset in one request.
 */
import type { EncodeObject } from '../codec.js';
import { toPortHandle, type PortHandleInput } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { PORT_FN_CAP, PORT_FN_STATE } from '../spec/enums.js';
import type { CallOptions, PortFunctionState } from '../types.js';
import { boolean, enumName, hwAddr, knownKeys, notEmpty, u32 } from '../validate.js';
import { portSelector } from './selectors.js';

/** What `setPortFunction` can change. Booleans enable or disable a capability. */
export interface PortFunctionSettings {
  /** `aa:bb:cc:dd:ee:ff`, or raw bytes for non-Ethernet functions. */
  hwAddr?: string | Uint8Array;
  roce?: boolean;
  migratable?: boolean;
  ipsecCrypto?: boolean;
  ipsecPacket?: boolean;
  maxIoEqs?: number;
  state?: PortFunctionState;
}

const KEYS = ['hwAddr', 'roce', 'migratable', 'ipsecCrypto', 'ipsecPacket', 'maxIoEqs', 'state'] as const;

const CAP_BITS: readonly [keyof PortFunctionSettings, string][] = [
  ['roce', 'roce'], ['migratable', 'migratable'], ['ipsecCrypto', 'ipsec_crypto'], ['ipsecPacket', 'ipsec_packet'],
];

/**
 * Builds the port-function nest: caps as one bitfield32 whose selector names exactly the
 * capabilities given. Attribute order follows the order the kernel applies them (hw_addr, caps,
 * max_io_eqs, state last) so a reader of the bytes sees the same sequence.
 */
export function portFunctionNest(settings: PortFunctionSettings): EncodeObject {
  knownKeys('port function', settings, KEYS);
  notEmpty('port function', settings, KEYS);
  let value = 0;
  let selector = 0;
  for (const [key, capName] of CAP_BITS) {
    const setting = settings[key];
    if (setting === undefined) continue;
    const bit = 1 << PORT_FN_CAP.byName.get(capName)!;
    selector |= bit;
    if (boolean(key, setting)) value |= bit;
  }
  return {
    'hw-addr': settings.hwAddr === undefined ? undefined : hwAddr('hwAddr', settings.hwAddr),
    caps: selector === 0 ? undefined : { value: value >>> 0, selector: selector >>> 0 },
    'max-io-eqs': settings.maxIoEqs === undefined ? undefined : u32('maxIoEqs', settings.maxIoEqs),
    state: settings.state === undefined ? undefined : enumName('state', settings.state, PORT_FN_STATE),
  };
}

/** Configures a port's function; everything given goes in one PORT_SET request. */
export async function setPortFunction(session: DevlinkSession, port: string | PortHandleInput, settings: PortFunctionSettings, call?: CallOptions): Promise<void> {
  const handle = toPortHandle(port);
  const nest = portFunctionNest(settings);
  await session.request(DEVLINK_CMD['port-set'], { ...portSelector(handle), 'port-function': nest }, call);
}
