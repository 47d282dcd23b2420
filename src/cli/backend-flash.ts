import type { DeviceHandle } from '../devlink/handles.js';

/** One flash progress notification of the device being flashed. */
export interface FlashStatusView {
  stage: 'begin' | 'status' | 'end';
  message?: string;
  component?: string;
  done?: bigint;
  total?: bigint;
  /** Seconds the driver expects the current step to take at most. */
  timeout?: bigint;
}

/** What `devlink-ts dev flash` asks of devlink. */
export interface FlashBackend {
  /** Flashes; `onStatus` sees each notification in order; resolves on the kernel's answer. */
  flash(
    dev: DeviceHandle,
    options: { file: string; component?: string; overwrite?: number },
    onStatus: (status: FlashStatusView) => void,
  ): Promise<void>;
}
