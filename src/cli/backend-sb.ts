import type { DeviceHandle } from '../devlink/handles.js';
import type { PortHandle } from '../devlink/handles.js';

/** A shared buffer, with wire values. */
export interface SbView {
  busName: string;
  deviceName: string;
  sb: number;
  size: number;
  ingressPools: number;
  egressPools: number;
  ingressTcs: number;
  egressTcs: number;
}

/** A pool of a shared buffer. */
export interface SbPoolView {
  busName: string;
  deviceName: string;
  sb: number;
  pool: number;
  /** Wire pool type: 0 ingress, 1 egress. */
  type: number;
  size: number;
  /** Wire threshold type: 0 static, 1 dynamic. */
  thtype: number;
  cellSize?: number;
}

/** Current and maximum occupancy as of the last snapshot. */
export interface SbOccupancyView {
  current: number;
  max: number;
}

/** A port's threshold on a pool. */
export interface SbPortPoolView {
  busName: string;
  deviceName: string;
  portIndex: number;
  sb: number;
  pool: number;
  threshold: number;
  occupancy?: SbOccupancyView;
}

/** A traffic class binding of a port. */
export interface SbTcBindView {
  busName: string;
  deviceName: string;
  portIndex: number;
  sb: number;
  tc: number;
  /** Wire pool type: 0 ingress, 1 egress. */
  type: number;
  pool: number;
  threshold: number;
  occupancy?: SbOccupancyView;
}

/**
 * What `devlink-ts sb ...` asks of devlink. Listings are dumps of every device (as iproute2's
 * `sb ... show` without arguments); a named object is one get.
 */
export interface SbBackend {
  listSb(): Promise<SbView[]>;
  getSb(dev: DeviceHandle, sb: number): Promise<SbView>;
  listPools(): Promise<SbPoolView[]>;
  getPool(dev: DeviceHandle, sb: number, pool: number): Promise<SbPoolView>;
  setPool(dev: DeviceHandle, sb: number, pool: number, size: number, thtype: number): Promise<void>;
  listPortPools(): Promise<SbPortPoolView[]>;
  getPortPool(port: PortHandle, sb: number, pool: number): Promise<SbPortPoolView>;
  setPortPool(port: PortHandle, sb: number, pool: number, threshold: number): Promise<void>;
  listTcBinds(): Promise<SbTcBindView[]>;
  getTcBind(port: PortHandle, sb: number, tc: number, type: number): Promise<SbTcBindView>;
  setTcBind(port: PortHandle, sb: number, tc: number, type: number, pool: number, threshold: number): Promise<void>;
  snapshot(dev: DeviceHandle, sb: number): Promise<void>;
  clearMax(dev: DeviceHandle, sb: number): Promise<void>;
}
