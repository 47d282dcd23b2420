/**
 * The JSON Schema of the declared-state config (`devlink-ts apply -f`, the daemon).
 *
 * Why one schema as data: it is what ajv validates every file against (unknown keys, types, enums
 * and ranges, each error placed at its file:line:column), and it is the reference the README's
 * config table is checked against, so the documentation cannot name a key the tool does not
 * accept or miss one it does. The words are iproute2's, so each key maps to the `devlink` command
 * an admin knows. Checks that need more than one value (a declared rate parent, an SF declared
 * twice) are in config-validate.ts.
 */

const U32_MAX = 0xffff_ffff;

/** A rate: a string with a unit as iproute2 reads it (`100mbit`, `1gbit`, `125MBps`). */
const rate = {
  type: ['string', 'number'],
  description: 'a rate with a unit, as iproute2 reads it: 100mbit, 1gbit (bits/s) or 125MBps (bytes/s)',
} as const;

const rateProperties = {
  tx_share: { ...rate, description: 'minimum guaranteed rate (`tx_share`), with a unit' },
  tx_max: { ...rate, description: 'maximum rate (`tx_max`), with a unit' },
  tx_priority: { type: 'integer', minimum: 0, maximum: U32_MAX, description: 'strict priority among siblings (`tx_priority`)' },
  tx_weight: { type: 'integer', minimum: 0, maximum: U32_MAX, description: 'weight among siblings of equal priority (`tx_weight`)' },
  parent: { type: 'string', pattern: '^[^/\\s]+$', description: 'name of a rate node declared in rate_nodes of the same device' },
} as const;

const param = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'value', 'cmode'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'parameter name, as `devlink dev param show` names it' },
    value: { type: ['string', 'number', 'boolean'], description: 'the value; its type is the parameter\'s (bool, number, string)' },
    cmode: { enum: ['runtime', 'driverinit', 'permanent'], description: 'configuration mode; driverinit values are applied with one `dev reload`' },
  },
} as const;

/** Port function attributes and rate of an SF (shared by single SFs and ranges). */
const sfAttributes = {
  controller: { type: 'integer', minimum: 0, maximum: U32_MAX, description: 'controller number (0: the local host; default 0)' },
  pfnum: { type: 'integer', minimum: 0, maximum: 0xffff, description: 'PF number the SF belongs to' },
  roce: { type: 'boolean', description: 'RoCE capability (`roce enable|disable`); changing it needs the SF inactive' },
  migratable: { type: 'boolean', description: 'migratable capability; changing it needs the SF inactive' },
  ipsec_crypto: { type: 'boolean', description: 'IPsec crypto offload capability' },
  ipsec_packet: { type: 'boolean', description: 'IPsec packet offload capability' },
  max_io_eqs: { type: 'integer', minimum: 1, maximum: U32_MAX, description: 'maximum I/O event queues; changing it needs the SF inactive' },
  rate: {
    type: 'object', additionalProperties: false, properties: rateProperties,
    description: 'the SF\'s rate leaf (`port function rate set`)',
  },
  state: { enum: ['active', 'inactive'], description: 'function state (default active: attached and ready)' },
  params: { type: 'array', items: param, description: 'parameters of the SF\'s own devlink instance (applied once attached)' },
  netns: { type: 'string', pattern: '^[^/\\s]+$', description: 'network namespace (`ip netns` name) to move the SF\'s own devlink instance to' },
  adopt: { type: 'boolean', description: 'manage this SF even though devlink-ts did not create it (it becomes owned)' },
} as const;

const mac = {
  type: 'string',
  pattern: '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$',
  description: 'a MAC address written as a quoted string "aa:bb:cc:dd:ee:ff"',
} as const;

/** The config schema (draft-07). */
export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://devlink-ts.invalid/config.schema.json',
  title: 'devlink-ts declared state',
  type: 'object',
  additionalProperties: false,
  properties: {
    devices: {
      type: 'array',
      description: 'the devices to configure',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          handle: { type: 'string', pattern: '^[^/\\s]+/[^/\\s]+$', description: 'devlink handle `bus/device`, e.g. pci/0000:08:00.0' },
          match: {
            type: 'object', additionalProperties: false, required: ['serial_number'],
            properties: { serial_number: { type: 'string', minLength: 1, description: 'serial_number as `devlink dev info` reports it' } },
            description: 'find the device by what `dev info` reports instead of by handle',
          },
          eswitch: {
            type: 'object', additionalProperties: false,
            properties: {
              mode: { enum: ['legacy', 'switchdev', 'switchdev_inactive'], description: 'eswitch mode; SFs need switchdev' },
              inline_mode: { enum: ['none', 'link', 'network', 'transport'], description: 'eswitch inline mode' },
              encap_mode: { enum: ['none', 'basic'], description: 'eswitch encapsulation mode' },
            },
            description: '`dev eswitch set` settings',
          },
          params: { type: 'array', items: param, description: 'device parameters (`dev param set`)' },
          health: {
            type: 'array',
            description: 'health reporter settings (`health set`)',
            items: {
              type: 'object', additionalProperties: false, required: ['reporter'],
              properties: {
                reporter: { type: 'string', minLength: 1, description: 'reporter name, e.g. fw_fatal' },
                grace_period: { type: 'integer', minimum: 0, description: 'minimum time between recoveries, ms' },
                auto_recover: { type: 'boolean', description: 'recover automatically' },
                auto_dump: { type: 'boolean', description: 'take a dump automatically on error' },
              },
            },
          },
          rate_nodes: {
            type: 'array',
            description: 'rate nodes (groups) to create, parents before or after their children',
            items: {
              type: 'object', additionalProperties: false, required: ['name'],
              properties: {
                name: { type: 'string', pattern: '^[^/\\s]+$', description: 'node name (`port function rate add DEV/NAME`)' },
                ...rateProperties,
              },
            },
          },
          sfs: {
            type: 'array',
            description: 'scalable functions, one entry each',
            items: {
              type: 'object', additionalProperties: false, required: ['pfnum', 'sfnum'],
              properties: {
                ...sfAttributes,
                sfnum: { type: 'integer', minimum: 0, maximum: U32_MAX, description: 'SF number (unique per controller and PF)' },
                hw_addr: { ...mac, description: 'MAC address of the function, a quoted string "aa:bb:cc:dd:ee:ff"' },
              },
            },
          },
          sf_ranges: {
            type: 'array',
            description: 'many alike SFs: a range of sfnums with MAC addresses counted up from a base',
            items: {
              type: 'object', additionalProperties: false, required: ['pfnum', 'sfnum'],
              properties: {
                ...sfAttributes,
                sfnum: {
                  type: 'object', additionalProperties: false, required: ['from', 'count'],
                  properties: {
                    from: { type: 'integer', minimum: 0, maximum: U32_MAX, description: 'first sfnum' },
                    count: { type: 'integer', minimum: 1, maximum: 65536, description: 'how many SFs (sfnum from .. from+count-1)' },
                  },
                  description: 'the sfnums: { from, count }',
                },
                hw_addr_base: { ...mac, description: 'MAC address of the first SF; each next sfnum gets the next address' },
              },
            },
          },
          prune: { type: 'boolean', description: 'delete SFs and rate nodes devlink-ts created on this device that no file declares' },
          allow_disruption: { type: 'boolean', description: 'allow changes that disrupt running SFs (roce or max_io_eqs of an active SF, eswitch mode or reload with SFs present)' },
        },
      },
    },
    allow_disruption: { type: 'boolean', description: 'default of allow_disruption for every device' },
  },
} as const;

/** Every key the schema accepts, by where it appears (for "did you mean" and the README check). */
export function schemaKeys(schema: unknown = CONFIG_SCHEMA): Set<string> {
  const keys = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record['properties'] && typeof record['properties'] === 'object') {
      for (const [key, value] of Object.entries(record['properties'] as Record<string, unknown>)) {
        keys.add(key);
        walk(value);
      }
    }
    if (record['items']) walk(record['items']);
  };
  walk(schema);
  return keys;
}
