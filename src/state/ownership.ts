/**
 * Ownership records: which SFs and rate nodes devlink-ts created, kept in a state directory.
 *
 * Why: an SF that devlink-ts did not create is someone else's (another tool, an admin) and must
 * never be changed or deleted unless the config adopts it; `prune` deletes owned objects only.
 * Records are keyed by the device's serial number where it has one (stable across PCI
 * renumbering), else its handle, plus controller/pfnum/sfnum or the node name. They are written
 * before the kernel is asked to create anything (write to a temporary file, fsync, rename), so a
 * crash at any point leaves no SF unaccounted: at worst a record without its SF, which the next
 * run creates or forgets.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Default state directory. */
export const DEFAULT_STATE_DIR = '/var/lib/devlink-ts';
const FILE = 'owned.json';

/** One owned object. */
export interface OwnershipRecord {
  readonly deviceKey: string;
  readonly kind: 'sf' | 'rate-node';
  /** `controller/pfnum/sfnum` for an SF, the node name for a rate node. */
  readonly id: string;
}

/** What the planner asks (read-only). */
export interface OwnershipView {
  owns(deviceKey: string, kind: OwnershipRecord['kind'], id: string): boolean;
  /** Every record of a device. */
  recordsOf(deviceKey: string): readonly OwnershipRecord[];
  /**
   * A number that changes whenever the records do, if the view has one. Why: the planner may then
   * give back the plan it made for the same desired and observed states and the same records
   * (the daemon plans several times per pass from one cached state).
   */
  readonly revision?: number;
  /**
   * The ids of one kind a device owns, if the view can give them as a set (read-only, live until
   * the records change). Why: the planner asks once per declared SF; one set per plan instead of
   * three lookups per SF.
   */
  idsOf?(deviceKey: string, kind: OwnershipRecord['kind']): ReadonlySet<string>;
}

const NO_IDS: ReadonlySet<string> = new Set();

function recordKey(record: OwnershipRecord): string {
  return `${record.deviceKey}\u0000${record.kind}\u0000${record.id}`;
}

/** One device's records, indexed for the planner's per-SF questions. */
interface DeviceRecords {
  /** By record key, in the order they were added (as `all()` lists them). */
  readonly records: Map<string, OwnershipRecord>;
  /** Ids per kind, for {@link OwnershipSet.owns}. */
  readonly ids: Map<string, Set<string>>;
  /** `recordsOf`'s answer, kept until the device's records change. */
  list?: readonly OwnershipRecord[];
}

/**
 * An in-memory view (tests, dry runs). Records are also indexed per device and kind: the planner
 * asks `owns` once per declared SF and `recordsOf` twice per device on every plan, and the daemon
 * plans many times per pass, so with 1024 SFs neither may build a key string or filter all records.
 */
export class OwnershipSet implements OwnershipView {
  protected readonly records = new Map<string, OwnershipRecord>();
  private readonly devices = new Map<string, DeviceRecords>();
  private changes = 0;

  /** Changes with every record added or removed (see {@link OwnershipView.revision}). */
  get revision(): number {
    return this.changes;
  }

  constructor(records: Iterable<OwnershipRecord> = []) {
    for (const record of records) this.put(record);
  }

  owns(deviceKey: string, kind: OwnershipRecord['kind'], id: string): boolean {
    return this.devices.get(deviceKey)?.ids.get(kind)?.has(id) === true;
  }

  idsOf(deviceKey: string, kind: OwnershipRecord['kind']): ReadonlySet<string> {
    return this.devices.get(deviceKey)?.ids.get(kind) ?? NO_IDS;
  }

  /** Every record of a device, in the order added (the same array until they change: do not modify it). */
  recordsOf(deviceKey: string): readonly OwnershipRecord[] {
    const device = this.devices.get(deviceKey);
    if (!device) return [];
    return (device.list ??= [...device.records.values()]);
  }

  all(): OwnershipRecord[] {
    return [...this.records.values()];
  }

  /** Every record, ordered by its key's code units. */
  protected sortedRecords(): OwnershipRecord[] {
    return [...this.records.keys()].sort().map((key) => this.records.get(key)!);
  }

  /** Adds records; resolves once they are durable (here: at once). */
  async add(records: readonly OwnershipRecord[]): Promise<void> {
    for (const record of records) this.put(record);
  }

  /** Removes records; resolves once that is durable. */
  async remove(records: readonly OwnershipRecord[]): Promise<void> {
    for (const record of records) {
      const key = recordKey(record);
      if (!this.records.delete(key)) continue;
      this.changes++;
      const device = this.devices.get(record.deviceKey)!;
      device.records.delete(key);
      device.ids.get(record.kind)?.delete(record.id);
      device.list = undefined;
    }
  }

  private put(record: OwnershipRecord): void {
    const key = recordKey(record);
    this.records.set(key, record);
    this.changes++;
    let device = this.devices.get(record.deviceKey);
    if (!device) {
      device = { records: new Map(), ids: new Map() };
      this.devices.set(record.deviceKey, device);
    }
    device.records.set(key, record);
    let ids = device.ids.get(record.kind);
    if (!ids) {
      ids = new Set();
      device.ids.set(record.kind, ids);
    }
    ids.add(record.id);
    device.list = undefined;
  }
}

/** Records in a state directory's `owned.json`, rewritten atomically on every change. */
export class OwnershipStore extends OwnershipSet {
  private constructor(readonly directory: string, records: OwnershipRecord[]) {
    super(records);
  }

  /** Opens (creating the directory if needed) and reads the records. */
  static open(directory: string = DEFAULT_STATE_DIR): OwnershipStore {
    mkdirSync(directory, { recursive: true, mode: 0o755 });
    return new OwnershipStore(directory, OwnershipStore.read(directory));
  }

  /** The records in a state directory, without creating anything (none when it does not exist). */
  static read(directory: string = DEFAULT_STATE_DIR): OwnershipRecord[] {
    let records: OwnershipRecord[] = [];
    try {
      const data = JSON.parse(readFileSync(join(directory, FILE), 'utf8')) as { version?: number; records?: OwnershipRecord[] };
      if (data.version !== 1 || !Array.isArray(data.records)) throw new Error(`${join(directory, FILE)}: not a devlink-ts ownership file (version 1)`);
      records = data.records;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return records;
  }

  override async add(records: readonly OwnershipRecord[]): Promise<void> {
    if (records.every((r) => this.owns(r.deviceKey, r.kind, r.id))) return;
    await super.add(records);
    this.write();
  }

  override async remove(records: readonly OwnershipRecord[]): Promise<void> {
    if (!records.some((r) => this.owns(r.deviceKey, r.kind, r.id))) return;
    await super.remove(records);
    this.write();
  }

  /** Writes the whole file atomically: temporary file, fsync, rename, fsync the directory. */
  private write(): void {
    const path = join(this.directory, FILE);
    const temporary = `${path}.tmp-${process.pid}`;
    // Sorted by key, code unit by code unit (a stable file for diffs; no locale collation, which
    // with 1,024 SFs made each write sort slowly).
    const records = this.sortedRecords();
    writeFileSync(temporary, `${JSON.stringify({ version: 1, records }, null, 1)}\n`, { mode: 0o644 });
    const fd = openSync(temporary, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    const dir = openSync(this.directory, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}
