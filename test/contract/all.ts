/**
 * Every contract, in the order the runners register them. A runner (test/unit/contracts.test.ts,
 * test/vm/contracts.test.ts) passes its target to each.
 */
import { portFunctionContract } from './port-function.js';
import { ratesContract } from './rates.js';
import { sfPortsContract } from './sf-ports.js';
import type { Contract } from './target.js';

export const CONTRACTS: readonly Contract[] = [sfPortsContract, portFunctionContract, ratesContract];
