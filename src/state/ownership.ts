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
}

function recordKey(record: OwnershipRecord): string {
  return `${record.deviceKey}\u0000${record.kind}\u0000${record.id}`;
}

/** An in-memory view (tests, dry runs). */
export class OwnershipSet implements OwnershipView {
  protected readonly records = new Map<string, OwnershipRecord>();

  constructor(records: Iterable<OwnershipRecord> = []) {
    for (const record of records) this.records.set(recordKey(record), record);
  }

  owns(deviceKey: string, kind: OwnershipRecord['kind'], id: string): boolean {
    return this.records.has(recordKey({ deviceKey, kind, id }));
  }

  recordsOf(deviceKey: string): OwnershipRecord[] {
    return [...this.records.values()].filter((record) => record.deviceKey === deviceKey);
  }

  all(): OwnershipRecord[] {
    return [...this.records.values()];
  }

  /** Adds records; resolves once they are durable (here: at once). */
  async add(records: readonly OwnershipRecord[]): Promise<void> {
    for (const record of records) this.records.set(recordKey(record), record);
  }

  /** Removes records; resolves once that is durable. */
  async remove(records: readonly OwnershipRecord[]): Promise<void> {
    for (const record of records) this.records.delete(recordKey(record));
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
    const records = this.all().sort((a, b) => recordKey(a).localeCompare(recordKey(b)));
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
