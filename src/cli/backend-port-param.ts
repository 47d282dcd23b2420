import type { DeviceArg } from './args/handles.js';
import type { PortRef } from './backend.js';
import type { ParamView } from './output/views.js';

/** What `devlink-ts port param ...` asks of devlink (kernels since 6.4 refuse these requests). */
export interface PortParamBackend {
  listPortParams(dev?: DeviceArg): Promise<ParamView[]>;
  getPortParam(port: PortRef, name: string): Promise<ParamView>;
  /** Sets a port parameter; `value` is already typed by the parameter's wire type. */
  setPortParam(port: PortRef, name: string, cmode: number, type: number, value: number | bigint | string | boolean): Promise<void>;
}
