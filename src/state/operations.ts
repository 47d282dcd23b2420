/**
 * Operations: the steps a plan is made of, one devlink request (or wait) each.
 *
 * Why data and not closures: a plan is printed (`apply --dry-run`, as devlink command lines or
 * JSON), compared in table tests, and executed; all three read the same objects. Each operation
 * names its `object` (what a failure is reported against; an SF's steps share one, so the
 * executor runs them in order and stops that SF at its first failure) and its `phase` (device
 * settings, then rate nodes, then all SFs at once, then removals of rate nodes and health).
 */
import type {
  EswitchSettings, ParamCmode, ParamType, ParamValue, PortFunctionOpstate, PortFunctionSettings, PortFunctionState,
  RateSettings, HealthReporterSettings,
} from '../index.js';

/** Which SF of a device: the triple that identifies it across re-creations. */
export interface SfRef {
  readonly controller: number;
  readonly pfnum: number;
  readonly sfnum: number;
}

/** Phases, run in order per apply; operations of one phase on different objects run at once. */
export const PHASE = { device: 0, rateNodes: 1, sfs: 2, cleanup: 3 } as const;
export type Phase = (typeof PHASE)[keyof typeof PHASE];

interface Base {
  /** Device handle `bus/dev`. */
  readonly device: string;
  /** What a failure is reported against, e.g. `pci/0000:08:00.0 sf 0/88` or `pci/0000:08:00.0 eswitch`. */
  readonly object: string;
  readonly phase: Phase;
}

/** Operations on an SF: `port` is its handle when it exists already, else the executor learns it from `port-add`. */
interface SfBase extends Base {
  readonly sf: SfRef;
  readonly port?: string;
}

/** One step of a plan. */
export type Operation =
  | (Base & { readonly kind: 'param-set'; readonly name: string; readonly value: ParamValue; readonly type: ParamType; readonly cmode: ParamCmode })
  | (Base & { readonly kind: 'eswitch-set'; readonly settings: EswitchSettings })
  | (Base & { readonly kind: 'reload' })
  | (Base & { readonly kind: 'rate-node-add'; readonly name: string; readonly settings: RateSettings })
  | (Base & { readonly kind: 'rate-node-set'; readonly name: string; readonly settings: RateSettings })
  | (Base & { readonly kind: 'rate-node-del'; readonly name: string })
  | (Base & { readonly kind: 'health-set'; readonly reporter: string; readonly settings: HealthReporterSettings })
  | (SfBase & { readonly kind: 'adopt' })
  | (SfBase & { readonly kind: 'port-add' })
  | (SfBase & { readonly kind: 'function-set'; readonly settings: Omit<PortFunctionSettings, 'state'> })
  | (SfBase & { readonly kind: 'rate-set'; readonly settings: RateSettings })
  | (SfBase & { readonly kind: 'state-set'; readonly state: PortFunctionState })
  | (SfBase & { readonly kind: 'wait-opstate'; readonly opstate: PortFunctionOpstate })
  | (SfBase & { readonly kind: 'port-del' })
  | (SfBase & {
    readonly kind: 'sf-param-set'; readonly name: string; readonly value: ParamValue; readonly type: ParamType; readonly cmode: ParamCmode;
    /** Where the SF's instance lives now (undefined: our netns). */
    readonly instanceNetns?: string;
  })
  | (SfBase & {
    readonly kind: 'sf-reload';
    /** Move the instance to this netns with the reload. */
    readonly netns?: string;
    readonly instanceNetns?: string;
  });

/** Kinds of operations. */
export type OperationKind = Operation['kind'];

/** Something the planner will not do, or wants the user to know. */
export interface PlanProblem {
  /** `error`: the object does not reach its declared state (apply exits 1); `notice`: informational. */
  readonly severity: 'error' | 'notice';
  readonly object: string;
  readonly message: string;
}

/** Ownership records to drop: objects recorded as owned that neither exist nor are declared. */
export interface Forget {
  readonly deviceKey: string;
  readonly kind: 'sf' | 'rate-node';
  readonly id: string;
}

/** A plan: operations in order, problems, and record housekeeping. */
export interface Plan {
  readonly operations: readonly Operation[];
  readonly problems: readonly PlanProblem[];
  readonly forget: readonly Forget[];
}

/** `pci/0000:08:00.0 sf 0/88` (controller shown when not 0). */
export function sfObject(device: string, sf: SfRef): string {
  return `${device} sf ${sf.controller !== 0 ? `${sf.controller}/` : ''}${sf.pfnum}/${sf.sfnum}`;
}
