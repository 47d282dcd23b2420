import { isUnknownEnumValue } from '../../devlink/tree.js';

/**
 * How iproute2 prints an enum value the library names: the library's names are iproute2's words
 * (one table per enum, in src/devlink/spec/enums.ts), so a printer prints the name itself, except
 * for a value iproute2 has no word for (the library's `unknown-N` for a number newer than its
 * table, or a name iproute2 lacks, such as the `unused` flavour), where iproute2 prints a
 * placeholder such as `<unknown flavour>`. This is the CLI's one rule for unknown enum values.
 */
export function enumText(name: string | undefined, placeholder: string, unnamedByIproute2: readonly string[] = []): string {
  if (name === undefined || isUnknownEnumValue(name) || unnamedByIproute2.includes(name)) return placeholder;
  return name;
}
