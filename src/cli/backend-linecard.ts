import type { DeviceHandle } from '../devlink/handles.js';

/** A line card slot as `lc show` prints it, with wire values. */
export interface LinecardView {
  busName: string;
  deviceName: string;
  index: number;
  /** DEVLINK_LINECARD_STATE_*: 1 unprovisioned .. 6 active. */
  state: number;
  type?: string;
  supportedTypes: string[];
  /** The active card's devlink instance (`bus/dev`). */
  nestedDevlink?: string;
}

/** What `devlink-ts lc ...` asks of devlink. */
export interface LinecardBackend {
  listLinecards(dev?: DeviceHandle): Promise<LinecardView[]>;
  getLinecard(dev: DeviceHandle, index: number): Promise<LinecardView>;
  /** Provisions a slot with `type`, or unprovisions it (`null`, iproute2's `notype`). */
  setLinecardType(dev: DeviceHandle, index: number, type: string | null): Promise<void>;
  /**
   * Waits by notifications until the slot is provisioned (or active) or unprovisioned; rejects
   * on timeout (naming the state) or when provisioning fails.
   */
  waitForLinecardState(dev: DeviceHandle, index: number, state: 'provisioned' | 'unprovisioned', timeoutMs: number): Promise<LinecardView>;
}
