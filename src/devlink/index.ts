/**
 * The devlink layer's public surface: the client, typed objects, handles, errors, the codec and
 * the protocol tables (for printers and tools that need every attribute).
 */
export { Devlink, type DevlinkOpenOptions } from './client.js';
export * from './types.js';
export * from './handles.js';
export { DevlinkInputError, DevlinkReplyError, DevlinkTsError, DevlinkWaitTimeoutError } from './errors.js';
export {
  decodeAttributes, encodeAttributes, type AttributeTree, type AttributeValue, type Bitfield32,
  type EncodeObject, type EncodeValue, type RawAttribute,
} from './codec.js';
export { describeDevlinkMissing, describeDevlinkOffset } from './extack.js';
export { formatHwAddr, decodeDevice, decodeEswitch, decodeInfo, decodePort, decodePortFunction, decodeRate } from './decode.js';
export { decodeParam, parseParamValue, encodeParamValue, type ParamSetting } from './ops/params.js';
export type { EswitchSettings } from './ops/eswitch.js';
export type { PortFunctionSettings } from './ops/port-function.js';
export type { AddPortOptions } from './ops/sf.js';
export type { RateSettings } from './ops/rates.js';
export { NETNS_RUN_DIR, type ReloadNetns, type ReloadOptions } from './ops/reload.js';
export { DevlinkEventStream, decodeEvent, type DevlinkEvent, type EventAction, type EventStreamOptions, type HealthReporterSummary } from './ops/events.js';
export type { WaitOptions } from './ops/wait.js';
export type { NotifyFilter } from './ops/notify-filter.js';
export {
  decodeTrap, decodeTrapGroup, decodeTrapPolicer, type DevlinkTrap, type DevlinkTrapGroup, type DevlinkTrapPolicer,
  type TrapAction, type TrapStats,
} from './ops/traps.js';
export { decodeRegion, type DevlinkRegion, type RegionChunk, type RegionReadResult, type RegionSource } from './ops/regions.js';
export { decodeResources, findResource, type DevlinkResource, type DevlinkResources } from './ops/resources.js';
export type { SelftestResult } from './ops/selftests.js';
export { decodeLinecard, type DevlinkLinecard, type LinecardState } from './ops/linecards.js';
export { LinecardProvisioningError } from './ops/linecard-wait.js';
export { decodePortParam, type DevlinkPortParam } from './ops/port-params.js';
export {
  decodeSbPool, decodeSbPortPool, decodeSbTcBinding, decodeSharedBuffer, type DevlinkSbPool, type DevlinkSbPortPool,
  type DevlinkSbTcBinding, type DevlinkSharedBuffer, type SbListFilter, type SbOccupancy, type SbPoolSettings,
  type SbPoolType, type SbTcBindingSettings, type SbThresholdType,
} from './ops/shared-buffers.js';
export {
  decodeDpipeEntry, decodeDpipeHeader, decodeDpipeTable, type DevlinkDpipeEntry, type DevlinkDpipeHeaders,
  type DevlinkDpipeTable, type DpipeAction, type DpipeField, type DpipeFieldRef, type DpipeHeader, type DpipeMatch,
  type DpipeValue,
} from './ops/dpipe.js';
export { FLASH_TIMEOUT_MS, type FlashOptions, type FlashProgress } from './ops/flash.js';
export { decodeHealthReporter, type DevlinkHealthReporter, type HealthReporterSettings } from './ops/health.js';
export { DevlinkSession, decodeDevlinkMessage, type DevlinkMessage } from './session.js';
export { decodeFmsg, decodeFmsgRoots, fmsgToPlain, type FmsgObject, type FmsgValue } from './fmsg.js';
export * as spec from './spec/index.js';
