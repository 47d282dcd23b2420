import { CONTRACTS } from '../contract/all.js';
import { fakeTarget } from '../contract/fake-target.js';

// The contracts of test/contract against the fake kernel; test/vm/contracts.test.ts runs the same
// ones against the real kernel, which is what keeps the fake honest.
const target = fakeTarget();
for (const contract of CONTRACTS) contract(target);
