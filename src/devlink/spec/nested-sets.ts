/**
 * The devlink attribute sets used inside nests.
 *
 * Most reuse the top-level numbering (YNL "subset-of: devlink"); a few have their own numbering:
 * the port function (with max-io-eqs 6 and the nested devlink handle 5 that the kernel's YAML spec
 * lacks), rate traffic-class bandwidths, selftest ids, stats and trap metadata.
 */
import { DEVLINK_ATTRIBUTES as D } from './devlink-attributes.js';
import { makeSet, sequentialSet, subsetOf, type AttributeSet } from './types.js';

/**
 * Port function nest (DEVLINK_PORT_FN_ATTR_*). Caps is a bitfield32 (value + selector) whose bits
 * are the port-fn-attr-cap enum; `devlink` is the function's own devlink instance (e.g. an SF's
 * `auxiliary/mlx5_core.sf.4`), present once a driver registered it.
 */
export const PORT_FUNCTION_SET = sequentialSet('dl-port-function', 1, [
  ['hw-addr', 'binary'],
  ['state', 'u8', { enum: 'port-fn-state' }],
  ['opstate', 'u8', { enum: 'port-fn-opstate' }],
  ['caps', 'bitfield32', { enum: 'port-fn-attr-cap', enumAsFlags: true }],
  ['devlink', 'nest', { nestedSet: 'dl-nested-handle' }],
  ['max-io-eqs', 'u32'],
]);

/**
 * A nested devlink handle (the kernel's devlink_nl_put_nested_handle): bus and device name, plus
 * the peer netns id (an s32) when that instance lives in another network namespace.
 */
export const NESTED_HANDLE_SET = makeSet('dl-nested-handle', [
  D.byName.get('bus-name')!,
  D.byName.get('dev-name')!,
  { name: 'netns-id', value: D.byName.get('netns-id')!.value, type: 's32' },
]);

/** One traffic-class bandwidth entry of `rate-tc-bws` (DEVLINK_RATE_TC_ATTR_*, kernels >= 6.16). */
export const RATE_TC_BWS_SET = sequentialSet('dl-rate-tc-bws', 1, [
  ['index', 'u8'],
  ['bw', 'u32'],
]);

/** Selftest ids (DEVLINK_ATTR_SELFTEST_ID_*): flags naming the tests to run or listing supported ones. */
export const SELFTEST_ID_SET = sequentialSet('dl-selftest-id', 1, [['flash', 'flag']]);

/**
 * Selftest results (enum devlink_attr_selftest_result): a repeated `result` nest of id and status.
 * Used by selftests-run replies, whose top-level `selftests` nest holds these.
 */
export const SELFTEST_RESULT_SET = sequentialSet('dl-selftest-result', 1, [
  ['result', 'nest', { nestedSet: 'dl-selftest-result-entry', multiAttr: true }],
]);

/** One selftest result entry. */
export const SELFTEST_RESULT_ENTRY_SET = sequentialSet('dl-selftest-result-entry', 2, [
  ['id', 'u32'],
  ['status', 'u8', { enum: 'selftest-status' }],
]);

/** Trap statistics (DEVLINK_ATTR_STATS_*), numbered from 0. */
export const ATTR_STATS_SET = sequentialSet('dl-attr-stats', 0, [
  ['rx-packets', 'u64'],
  ['rx-bytes', 'u64'],
  ['rx-dropped', 'u64'],
]);

/** Trap metadata flags (DEVLINK_ATTR_TRAP_METADATA_TYPE_*), numbered from 0. */
export const TRAP_METADATA_SET = sequentialSet('dl-trap-metadata', 0, [
  ['in-port', 'flag'],
  ['fa-cookie', 'flag'],
]);

/** The subsets of the top-level set, as the kernel nests them. */
export const SUBSETS: readonly AttributeSet[] = [
  subsetOf('dl-dev-stats', D, ['reload-stats', 'remote-reload-stats']),
  subsetOf('dl-reload-stats', D, ['reload-action-info']),
  subsetOf('dl-reload-act-info', D, ['reload-action', 'reload-action-stats']),
  subsetOf('dl-reload-act-stats', D, ['reload-stats-entry']),
  subsetOf('dl-reload-stats-entry', D, ['reload-stats-limit', 'reload-stats-value']),
  subsetOf('dl-info-version', D, ['info-version-name', 'info-version-value']),
  subsetOf('dl-param', D, ['param-name', 'param-generic', 'param-type', 'param-values-list']),
  subsetOf('dl-param-values-list', D, ['param-value']),
  subsetOf('dl-param-value', D, ['param-value-cmode', 'param-value-data', 'param-value-default']),
  subsetOf('dl-dpipe-tables', D, ['dpipe-table']),
  subsetOf('dl-dpipe-table', D, [
    'dpipe-table-name', 'dpipe-table-size', 'dpipe-table-matches', 'dpipe-table-actions',
    'dpipe-table-counters-enabled', 'dpipe-table-resource-id', 'dpipe-table-resource-units',
  ]),
  subsetOf('dl-dpipe-table-matches', D, ['dpipe-match']),
  subsetOf('dl-dpipe-table-actions', D, ['dpipe-action']),
  subsetOf('dl-dpipe-entries', D, ['dpipe-entry']),
  subsetOf('dl-dpipe-entry', D, [
    'dpipe-entry-index', 'dpipe-entry-match-values', 'dpipe-entry-action-values', 'dpipe-entry-counter',
  ]),
  subsetOf('dl-dpipe-entry-match-values', D, ['dpipe-match-value']),
  subsetOf('dl-dpipe-entry-action-values', D, ['dpipe-action-value']),
  subsetOf('dl-dpipe-match', D, [
    'dpipe-match-type', 'dpipe-header-id', 'dpipe-header-global', 'dpipe-header-index', 'dpipe-field-id',
  ]),
  subsetOf('dl-dpipe-match-value', D, ['dpipe-match', 'dpipe-value', 'dpipe-value-mask', 'dpipe-value-mapping']),
  subsetOf('dl-dpipe-action', D, [
    'dpipe-action-type', 'dpipe-header-id', 'dpipe-header-global', 'dpipe-header-index', 'dpipe-field-id',
  ]),
  subsetOf('dl-dpipe-action-value', D, ['dpipe-action', 'dpipe-value', 'dpipe-value-mask', 'dpipe-value-mapping']),
  subsetOf('dl-dpipe-headers', D, ['dpipe-header']),
  subsetOf('dl-dpipe-header', D, ['dpipe-header-name', 'dpipe-header-id', 'dpipe-header-global', 'dpipe-header-fields']),
  subsetOf('dl-dpipe-header-fields', D, ['dpipe-field']),
  subsetOf('dl-dpipe-field', D, ['dpipe-field-name', 'dpipe-field-id', 'dpipe-field-bitwidth', 'dpipe-field-mapping-type']),
  // The kernel nests resource lists recursively (a resource holds its children's resource-list).
  subsetOf('dl-resource', D, [
    'resource-name', 'resource-id', 'resource-size', 'resource-size-new', 'resource-size-valid',
    'resource-size-min', 'resource-size-max', 'resource-size-gran', 'resource-unit', 'resource-occ',
    'resource-list',
  ]),
  subsetOf('dl-resource-list', D, ['resource']),
  subsetOf('dl-region-snapshots', D, ['region-snapshot']),
  subsetOf('dl-region-snapshot', D, ['region-snapshot-id']),
  subsetOf('dl-region-chunks', D, ['region-chunk']),
  subsetOf('dl-region-chunk', D, ['region-chunk-data', 'region-chunk-addr']),
  subsetOf('dl-fmsg', D, [
    'fmsg-obj-nest-start', 'fmsg-pair-nest-start', 'fmsg-arr-nest-start', 'fmsg-nest-end',
    'fmsg-obj-name', 'fmsg-obj-value-type', 'fmsg-obj-value-data',
  ]),
  subsetOf('dl-health-reporter', D, [
    'health-reporter-name', 'health-reporter-state', 'health-reporter-err-count',
    'health-reporter-recover-count', 'health-reporter-graceful-period', 'health-reporter-auto-recover',
    'health-reporter-dump-ts', 'health-reporter-dump-ts-ns', 'health-reporter-auto-dump',
    'health-reporter-burst-period',
  ]),
  subsetOf('dl-linecard-supported-types', D, ['linecard-type']),
];
