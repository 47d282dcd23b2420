/**
 * Every contract, in the order the runners register them. A runner (test/unit/contracts.test.ts,
 * test/vm/contracts.test.ts) passes its target to each.
 */
import { deviceContract } from './device.js';
import { dpipeContract } from './dpipe.js';
import { flashContract } from './flash.js';
import { healthContract } from './health.js';
import { linecardsContract } from './linecards.js';
import { portFunctionContract } from './port-function.js';
import { portParamsContract } from './port-params.js';
import { portSplitContract } from './port-split.js';
import { ratesContract } from './rates.js';
import { regionsContract } from './regions.js';
import { resourcesContract } from './resources.js';
import { selftestsContract } from './selftests.js';
import { sfEventsContract } from './sf-events.js';
import { sfPortsContract } from './sf-ports.js';
import { sharedBuffersContract } from './shared-buffers.js';
import { trapsContract } from './traps.js';
import type { Contract } from './target.js';

export const CONTRACTS: readonly Contract[] = [
  sfPortsContract, sfEventsContract, portFunctionContract, ratesContract, deviceContract, regionsContract, trapsContract,
  healthContract, resourcesContract, sharedBuffersContract, dpipeContract, linecardsContract, selftestsContract, portParamsContract,
  portSplitContract, flashContract,
];
