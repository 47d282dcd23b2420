import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareSpecWithUapi } from '../support/spec-vs-uapi.js';
import { parseCEnums } from '../support/uapi-enums.js';

// The spec tables against the booted kernel's include/uapi/linux/devlink.h, number by number.
// `npm run vm` unpacks the header into the kernel cache and names it in DEVLINK_TS_UAPI_DEVLINK_H;
// without it this fails (it never skips): the unit suite cannot see a wrong number, since the
// fake kernel encodes with the same tables.
describe('spec tables vs the kernel uapi header', () => {
  const path = process.env.DEVLINK_TS_UAPI_DEVLINK_H ?? '';

  it('has the header', () => {
    expect(path, 'DEVLINK_TS_UAPI_DEVLINK_H is set by npm run vm').not.toBe('');
    expect(existsSync(path), path).toBe(true);
  });

  it('numbers every command, attribute, nested attribute and enum value as the header does', () => {
    const result = compareSpecWithUapi(parseCEnums(readFileSync(path, 'utf8')));
    expect(result.differences).toEqual([]);
    expect(result.unmappedEnums).toEqual([]);
    // what our tables know beyond 6.12's header (later kernels); a new entry here must be deliberate
    expect(result.newerThanHeader).toEqual([
      'devlink rate-tc-bws=180',
      'devlink health-reporter-burst-period=181',
      'devlink param-value-default=182',
      'devlink param-reset-default=183',
      'eswitch-mode switchdev_inactive=2',
    ]);
  });
});
