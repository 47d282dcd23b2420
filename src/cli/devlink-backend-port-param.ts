import type { Devlink } from '../devlink/client.js';
import type { DevlinkPortParam } from '../devlink/ops/port-params.js';
import { PARAM_CMODE, PARAM_TYPE } from '../devlink/spec/enums.js';
import type { ParamCmode, ParamType } from '../devlink/types.js';
import type { PortParamBackend } from './backend-port-param.js';
import { paramView } from './devlink-backend.js';
import type { ParamView } from './output/views.js';

function portParamView(param: DevlinkPortParam): ParamView {
  return { ...paramView(param), portIndex: param.portIndex };
}

function wireName<T extends string>(table: { byValue: ReadonlyMap<number, string> }, what: string, value: number): T {
  const name = table.byValue.get(value);
  if (name === undefined) throw new Error(`no ${what} named for value ${value}`);
  return name as T;
}

/** PortParamBackend over the library client. */
export function portParamBackend(client: Devlink): PortParamBackend {
  const port = (p: { busName: string; devName: string; portIndex: number }) => ({ busName: p.busName, deviceName: p.devName, index: p.portIndex });
  return {
    // Kernels since 6.4 end the dump with "Port params are not supported" as a warning on DONE,
    // which iproute2 does not print; neither does devlink-ts.
    listPortParams: async (d) =>
      (await client.listPortParams(d ? { busName: d.busName, deviceName: d.devName } : undefined, { onWarning: () => undefined })).map(portParamView),
    getPortParam: async (p, name) => portParamView(await client.getPortParam(port(p), name)),
    setPortParam: (p, name, cmode, type, value) =>
      client.setPortParam(port(p), name, {
        value,
        cmode: wireName<ParamCmode>(PARAM_CMODE, 'cmode', cmode),
        type: wireName<ParamType>(PARAM_TYPE, 'param type', type),
      }),
  };
}
