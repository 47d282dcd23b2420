/**
 * Whether an SF's instance has its RDMA device, read from sysfs and remembered.
 *
 * Why remembered: status is computed for every API request and every publish, and looking at
 * sysfs there cost two directory reads per SF each time — with 1,024 SFs, 2,048 reads per status,
 * which made a burst of status requests take minutes. The answer is now read when the daemon
 * re-reads its views (after notifications, on its readiness poll) and kept while it cannot change:
 * an RDMA device found stays until its instance leaves; "this driver makes none" is final once the
 * instance has its netdev (the driver adds its eth and rdma auxiliary devices together, mlx5's
 * `mlx5_register_device`). Until then, and while the RDMA device is announced but not registered
 * with the RDMA core, it is read again at each re-read.
 */
import { existsSync, readdirSync } from 'node:fs';

/** What is known of one instance, and whether it can still change. */
interface Answer {
  readonly rdma: boolean | undefined;
  readonly final: boolean;
}

function sameAnswer(before: Answer | undefined, after: Answer): boolean {
  return before !== undefined && before.rdma === after.rdma && before.final === after.final;
}

/** RDMA presence per SF instance handle (`auxiliary/<name>`). */
export class RdmaProbe {
  private known = new Map<string, Answer>();
  private changes = 0;

  /** Changes whenever an answer may have (status caches key on it). */
  get version(): number {
    return this.changes;
  }

  constructor(private readonly sysfs = '/sys') {}

  /**
   * Re-reads what may have changed for the instances present now (`hasNetdev`: whether each has
   * its netdev yet); forgets instances no longer present.
   */
  refresh(present: ReadonlyMap<string, boolean>): void {
    const next = new Map<string, Answer>();
    let changed = present.size !== this.known.size;
    for (const [instance, hasNetdev] of present) {
      const before = this.known.get(instance);
      if (before?.final) {
        next.set(instance, before);
        continue;
      }
      const answer = this.answer(instance, hasNetdev);
      if (!sameAnswer(before, answer)) changed = true;
      next.set(instance, answer);
    }
    this.known = next;
    // Only a change is a new version: status is cached on it, and a pass re-reads every time.
    if (changed) this.changes++;
  }

  /**
   * Reads again only the instances whose answer can still change (`hasNetdev`: whether each has
   * its netdev now, undefined when it left). Why: when the views follow notifications, a pass
   * need not rebuild the answers of 1,000 instances whose answers are final.
   */
  recheck(hasNetdev: (instance: string) => boolean | undefined): void {
    for (const [instance, before] of this.known) {
      if (before.final) continue;
      this.update(instance, hasNetdev(instance));
    }
  }

  /**
   * The same for one instance whose presence or netdev a notification changed (`present`
   * undefined: it left). Why: the daemon's own netns view follows notifications, and rebuilding
   * the whole map per notification would cost O(instances) each.
   */
  update(instance: string, present: boolean | undefined): void {
    if (present === undefined) {
      if (this.known.delete(instance)) this.changes++;
      return;
    }
    const before = this.known.get(instance);
    if (before?.final) return;
    const answer = this.answer(instance, present);
    this.known.set(instance, answer);
    if (!sameAnswer(before, answer)) this.changes++;
  }

  /**
   * Whether any instance known has an answer (a driver that makes RDMA devices). Why: when none
   * has (sfsim, netdevsim, a driver without RDMA), status need not ask per SF at all.
   */
  get anyKnown(): boolean {
    if (this.anyAt !== this.changes) {
      this.anyAt = this.changes;
      this.any = false;
      for (const entry of this.known.values()) {
        if (entry.rdma !== undefined) {
          this.any = true;
          break;
        }
      }
    }
    return this.any;
  }

  private any = false;
  private anyAt = -1;

  /** Undefined: not an auxiliary instance, not looked at, or its driver makes no RDMA device. */
  of(instance: string): boolean | undefined {
    return this.known.get(instance)?.rdma;
  }

  /** The answer read now; "no RDMA device" is final once the instance has its netdev. */
  private answer(instance: string, hasNetdev: boolean): Answer {
    const rdma = this.read(instance);
    return { rdma, final: rdma === true || (rdma === undefined && hasNetdev) };
  }

  /** Whether the driver makes an RDMA device for this instance (an `*.rdma.*` child), and whether it has one. */
  private read(instance: string): boolean | undefined {
    const [bus, name] = instance.split('/');
    if (bus !== 'auxiliary' || !name) return undefined;
    const dir = `${this.sysfs}/bus/auxiliary/devices/${name}`;
    try {
      const child = readdirSync(dir).find((entry) => /\.rdma\.\d+$/.test(entry));
      if (child === undefined) return undefined;
      return existsSync(`${dir}/${child}/infiniband`) && readdirSync(`${dir}/${child}/infiniband`).length > 0;
    } catch {
      return undefined;
    }
  }
}
