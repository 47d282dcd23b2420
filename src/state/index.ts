/**
 * The declared-state engine (used by `devlink-ts apply` and the daemon): config loading and
 * validation, the desired and observed models, the pure planner, the executor, ownership records,
 * readiness, and plan rendering.
 */
export { ConfigError, formatIssue, parseConfigText, readConfigSources, type ConfigIssue, type ConfigPosition, type ConfigSource } from './config-source.js';
export { CONFIG_SCHEMA, schemaKeys } from './config-schema.js';
export { CONFIG_KEYS, loadDesiredState, validateSources } from './config-validate.js';
export * from './desired.js';
export {
  applyEvent, deviceKey, isSfPort, observe, sfPortIndex, type NetnsClients, type ObservedDevice, type ObservedSfInstance, type ObservedState, type SfPortIndex,
} from './observed.js';
export * from './operations.js';
export { paramValueFor, plan, rateChanges } from './planner.js';
export { renderOperation, renderOperationsJson } from './render.js';
export { describeError, execute, type ExecuteOptions, type ExecuteResult, type ObjectResult } from './executor.js';
export { applyOnce, type ApplyOptions, type ApplyOutcome } from './engine.js';
export { DEFAULT_STATE_DIR, OwnershipSet, OwnershipStore, type OwnershipRecord, type OwnershipView } from './ownership.js';
export { PortWatcher } from './port-watcher.js';
export { checkReady, waitReady, type NotReady } from './readiness.js';
