/**
 * The desired state: what the config declares, validated, merged across files and typed with the
 * library's own vocabulary (bigint bytes/s for rates, `EswitchMode`, `ParamCmode`...).
 *
 * Why a model of its own and not the YAML values: the planner is a pure function of this and the
 * observed state; units, ranges and MAC addresses were resolved once, here, so the planner never
 * re-parses text. Every object keeps the config position it came from, for messages that point
 * back at the file.
 */
import type { EswitchEncapMode, EswitchInlineMode, EswitchMode, ParamCmode } from '../index.js';
import type { ConfigPosition } from './config-source.js';

/** A rate object's settings (bytes per second, as the kernel counts). */
export interface DesiredRate {
  readonly txShare?: bigint;
  readonly txMax?: bigint;
  readonly txPriority?: number;
  readonly txWeight?: number;
  /** Parent node name. */
  readonly parent?: string;
}

/** A parameter as declared; its type is the kernel's, checked when planning. */
export interface DesiredParam {
  readonly name: string;
  readonly value: string | number | boolean;
  readonly cmode: ParamCmode;
  readonly origin: ConfigPosition;
}

/** A health reporter's declared settings. */
export interface DesiredHealth {
  readonly reporter: string;
  readonly gracePeriod?: bigint;
  readonly autoRecover?: boolean;
  readonly autoDump?: boolean;
  readonly origin: ConfigPosition;
}

/** A rate node (group). */
export interface DesiredRateNode {
  readonly name: string;
  readonly rate: DesiredRate;
  readonly origin: ConfigPosition;
}

/** One SF (a range in the config becomes one of these per sfnum). */
export interface DesiredSf {
  readonly controller: number;
  readonly pfnum: number;
  readonly sfnum: number;
  readonly hwAddr?: string;
  readonly roce?: boolean;
  readonly migratable?: boolean;
  readonly ipsecCrypto?: boolean;
  readonly ipsecPacket?: boolean;
  readonly maxIoEqs?: number;
  readonly rate?: DesiredRate;
  readonly state: 'active' | 'inactive';
  /** Parameters of the SF's own devlink instance. */
  readonly params: readonly DesiredParam[];
  /** Network namespace for the SF's own devlink instance. */
  readonly netns?: string;
  /** Manage the SF even if devlink-ts did not create it. */
  readonly adopt: boolean;
  readonly origin: ConfigPosition;
}

/** How a device is found: by handle, or by the serial number `dev info` reports. */
export type DeviceSelector = { readonly handle: string } | { readonly serialNumber: string };

/** A device and everything declared on it. */
export interface DesiredDevice {
  readonly selector: DeviceSelector;
  readonly eswitch: { readonly mode?: EswitchMode; readonly inlineMode?: EswitchInlineMode; readonly encapMode?: EswitchEncapMode };
  readonly params: readonly DesiredParam[];
  readonly health: readonly DesiredHealth[];
  readonly rateNodes: readonly DesiredRateNode[];
  readonly sfs: readonly DesiredSf[];
  readonly prune: boolean;
  readonly allowDisruption: boolean;
  readonly origin: ConfigPosition;
}

/** The whole declared state. */
export interface DesiredState {
  readonly devices: readonly DesiredDevice[];
}

/** `handle pci/...` or `serial_number X`, for messages. */
export function describeSelector(selector: DeviceSelector): string {
  return 'handle' in selector ? selector.handle : `serial_number ${selector.serialNumber}`;
}

/** A stable key of an SF within its device: `controller/pfnum/sfnum`. */
export function sfKey(sf: { readonly controller?: number; readonly pfnum?: number; readonly sfnum?: number }): string {
  return `${sf.controller ?? 0}/${sf.pfnum ?? 0}/${sf.sfnum ?? 0}`;
}

/**
 * Whether the SF's own devlink instance is read and acted on (instance params, or a netns to hand
 * it to): what observe reads, the planner plans and the daemon watches beyond the SF port itself.
 */
export function readsInstance(sf: DesiredSf): boolean {
  return sf.params.length > 0 || sf.netns !== undefined;
}

const sfKeys = new WeakMap<DesiredSf, string>();

/**
 * {@link sfKey} of a declared SF, made once per SF object. Why: a config change gives a new SF
 * list, but SFs that did not change are the same objects (see config-validate), and their keys
 * (strings, hashed at every lookup) need not be made again.
 */
export function declaredSfKey(sf: DesiredSf): string {
  let key = sfKeys.get(sf);
  if (key === undefined) {
    key = sfKey(sf);
    sfKeys.set(sf, key);
  }
  return key;
}

/** The keys of a device's declared SFs, and whether no two are the same. */
export interface DeclaredSfKeys {
  /** {@link sfKey} of each SF, in the order of `sfs`. */
  readonly keys: readonly string[];
  readonly set: ReadonlySet<string>;
}

const declaredKeys = new WeakMap<readonly DesiredSf[], DeclaredSfKeys>();

/**
 * {@link sfKey} of every SF of a device, made once per SF list. Why cached: a desired state is
 * loaded once and planned against many times (the daemon plans and computes status several times
 * per pass; apply plans and verifies); with 1024 SFs, making the same 1024 strings (and hashing
 * them for every lookup) each time was a large part of a converged plan.
 */
export function declaredSfKeys(sfs: readonly DesiredSf[]): DeclaredSfKeys {
  let known = declaredKeys.get(sfs);
  if (!known) {
    const keys = sfs.map(declaredSfKey);
    known = { keys, set: new Set(keys) };
    declaredKeys.set(sfs, known);
  }
  return known;
}
