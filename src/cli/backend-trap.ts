/** Trap packet counters as the kernel reports them (policers count drops). */
export interface TrapStatsView {
  rxBytes?: bigint;
  rxPackets?: bigint;
  rxDropped?: bigint;
}

/** A packet trap, with wire values. */
export interface TrapView {
  busName: string;
  deviceName: string;
  name: string;
  /** Wire type: 0 drop, 1 exception, 2 control. */
  type: number;
  generic: boolean;
  /** Wire action: 0 drop, 1 trap, 2 mirror. */
  action: number;
  group: string;
  /** Metadata the trap reports, in iproute2's words (`input_port`, `flow_action_cookie`). */
  metadata: string[];
  stats?: TrapStatsView;
}

/** A trap group. */
export interface TrapGroupView {
  busName: string;
  deviceName: string;
  name: string;
  generic: boolean;
  policerId?: number;
  stats?: TrapStatsView;
}

/** A trap policer (rate in packets/s, burst in packets). */
export interface TrapPolicerView {
  busName: string;
  deviceName: string;
  id: number;
  rate: bigint;
  burst: bigint;
  stats?: TrapStatsView;
}

/** What `devlink-ts trap ...` asks of devlink. */
export interface TrapBackend {
  listTraps(dev?: { busName: string; deviceName: string }): Promise<TrapView[]>;
  getTrap(dev: { busName: string; deviceName: string }, name: string): Promise<TrapView>;
  setTrap(dev: { busName: string; deviceName: string }, name: string, action: number | undefined): Promise<void>;
  listGroups(dev?: { busName: string; deviceName: string }): Promise<TrapGroupView[]>;
  getGroup(dev: { busName: string; deviceName: string }, name: string): Promise<TrapGroupView>;
  setGroup(dev: { busName: string; deviceName: string }, name: string, settings: { action?: number; policerId?: number }): Promise<void>;
  listPolicers(dev?: { busName: string; deviceName: string }): Promise<TrapPolicerView[]>;
  getPolicer(dev: { busName: string; deviceName: string }, id: number): Promise<TrapPolicerView>;
  setPolicer(dev: { busName: string; deviceName: string }, id: number, settings: { rate?: bigint; burst?: bigint }): Promise<void>;
}
