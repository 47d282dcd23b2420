import { describe, expect, it } from 'vitest';
import {
  DEVLINK_ATTRIBUTES, DEVLINK_CMD, ESWITCH_MODE, PORT_FLAVOUR, PORT_FUNCTION_SET,
} from '../../src/devlink/spec/index.js';
import { compareSpecWithUapi } from '../support/spec-vs-uapi.js';
import { parseCEnums } from '../support/uapi-enums.js';

// The real check runs in the VM suite (test/vm/spec-uapi.test.ts) against the kernel's header;
// these tests hold the reader and the comparison to C's rules and show the comparison can fail.

describe('uapi enum reader', () => {
  it('follows C: implicit increments, = values, aliases, #defines with continuations, comments', () => {
    const enums = parseCEnums(`
      #define FOO_H
      enum a { /* first */
        A_UNSPEC,
        A_ONE,        /* u32 */
        A_TEN = 0x0a, /* nested */
      #define A_OLD /* obsolete */ \\
        A_ONE
        A_ELEVEN,
        // a line comment
        A_SHIFTED = (1 << 4) + 1,
        __A_MAX,
        A_MAX = __A_MAX - 1
      };
      enum {
        B_FIRST = 3,
        B_SECOND
      };`);
    expect(enums.map((e) => e.tag)).toEqual(['a', undefined]);
    expect(enums[0]!.constants.map((c) => [c.name, c.value, c.alias, c.comment])).toEqual([
      ['A_UNSPEC', 0, false, undefined], ['A_ONE', 1, false, 'u32'], ['A_TEN', 10, false, 'nested'],
      ['A_ELEVEN', 11, false, undefined], ['A_SHIFTED', 17, false, undefined], ['__A_MAX', 18, true, undefined],
      ['A_MAX', 17, true, undefined],
    ]);
    expect(enums[1]!.constants.map((c) => [c.name, c.value])).toEqual([['B_FIRST', 3], ['B_SECOND', 4]]);
  });

  it('refuses what it cannot evaluate instead of guessing', () => {
    expect(() => parseCEnums('enum x { X_A = SOMETHING_ELSE };')).toThrow(/unknown identifier SOMETHING_ELSE/);
    expect(() => parseCEnums('enum x { X_A = sizeof(int) };')).toThrow(/X_A/);
  });
});

/** A header written from our own tables, so a mutation of it must show up as a difference. */
function headerFromSpec(mutate: (line: string) => string = (l) => l): string {
  const cName = (name: string) => name.toUpperCase().replace(/-/g, '_');
  const commands = Object.entries(DEVLINK_CMD).map(([n, v]) => `DEVLINK_CMD_${cName(n)} = ${v},`);
  const attrs = DEVLINK_ATTRIBUTES.attributes
    .filter((a) => a.value <= 179)
    .map((a) => `DEVLINK_ATTR_${cName(a.name)} = ${a.value}, /* ${a.type === 'nest' ? 'nested' : a.type} */`);
  const fn = PORT_FUNCTION_SET.attributes.map((a) => `DEVLINK_PORT_FN_ATTR_${cName(a.name)} = ${a.value},`);
  const flavours = PORT_FLAVOUR.entries.map((e) => `DEVLINK_PORT_FLAVOUR_${cName(e.name)} = ${e.value},`);
  const lines = [
    `enum devlink_command {\n${commands.join('\n')}\n};`,
    `enum devlink_attr {\nDEVLINK_ATTR_UNSPEC,\n${attrs.join('\n')}\n__DEVLINK_ATTR_MAX,\nDEVLINK_ATTR_MAX = __DEVLINK_ATTR_MAX - 1\n};`,
    `enum devlink_port_function_attr {\nDEVLINK_PORT_FUNCTION_ATTR_UNSPEC,\n${fn.join('\n')}\n};`,
    `enum devlink_port_flavour {\n${flavours.join('\n')}\n};`,
    'enum devlink_eswitch_mode { DEVLINK_ESWITCH_MODE_LEGACY, DEVLINK_ESWITCH_MODE_SWITCHDEV, };',
  ].join('\n');
  return lines.split('\n').map(mutate).join('\n');
}

describe('spec vs uapi comparison', () => {
  const mine = (differences: string[]) =>
    differences.filter((d) => /^(commands|devlink|dl-port-function|port-flavour|eswitch-mode):/.test(d) && !d.includes('has no enum'));

  it('finds nothing on a header that agrees, and names what is newer than it', () => {
    const result = compareSpecWithUapi(parseCEnums(headerFromSpec()));
    expect(mine(result.differences)).toEqual([]);
    expect(result.newerThanHeader).toContain('devlink rate-tc-bws=180');
    expect(result.newerThanHeader).toContain(`eswitch-mode switchdev_inactive=${ESWITCH_MODE.byName.get('switchdev_inactive')}`);
  });

  it('reports a wrong number, a wrong type, a missing constant and an unknown enum', () => {
    const header = headerFromSpec((line) =>
      line
        .replace('DEVLINK_ATTR_RATE_TX_MAX = 167', 'DEVLINK_ATTR_RATE_TX_MAX = 170')
        .replace('DEVLINK_ATTR_PORT_TYPE = 4, /* u16 */', 'DEVLINK_ATTR_PORT_TYPE = 4, /* u32 */')
        .replace('DEVLINK_PORT_FN_ATTR_MAX_IO_EQS = 6,', 'DEVLINK_PORT_FN_ATTR_MAX_IO_EQS = 6, DEVLINK_PORT_FN_ATTR_NEWER,'),
    ) + '\nenum devlink_something_new { DEVLINK_SOMETHING_A };';
    const result = compareSpecWithUapi(parseCEnums(header));
    expect(mine(result.differences)).toEqual([
      'devlink: port-type is typed u16, the header says u32',
      'devlink: rate-tx-max is 167, the header\'s DEVLINK_ATTR_RATE_TX_MAX is 170',
      'dl-port-function: DEVLINK_PORT_FN_ATTR_NEWER = 7 is missing',
    ]);
    expect(result.unmappedEnums).toEqual(['devlink_something_new']);
  });
});
