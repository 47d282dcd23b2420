import { CONTRACTS } from '../contract/all.js';
import { kernelTarget } from '../contract/kernel-target.js';

// The contracts of test/contract against the real kernel (sfsim, netdevsim, objsim); the unit
// suite runs the same ones against the fake kernel (test/unit/contracts.test.ts).
const target = kernelTarget();
for (const contract of CONTRACTS) contract(target);
