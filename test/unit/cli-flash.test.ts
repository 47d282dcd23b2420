import { describe, expect, it } from 'vitest';
import { FlashProgressPrinter } from '../../src/cli/objects/flash/progress.js';

// The flash progress printer replays iproute2's terminal behaviour; fed netdevsim's sequence of
// notifications (test/vm/cli-flash.test.ts compares it with iproute2 on the real device).

function run(terminal: boolean, steps: readonly (readonly ['status', Parameters<FlashProgressPrinter['status']>[0]] | readonly ['wait', number])[]): string {
  let out = '';
  let now = 0;
  const printer = new FlashProgressPrinter((text) => void (out += text), terminal, () => now);
  for (const step of steps) {
    if (step[0] === 'status') printer.status(step[1]);
    else {
      for (let waited = 0; waited < step[1]; waited += 100) {
        now += 100;
        printer.tick();
      }
    }
  }
  return out;
}

const NETDEVSIM = [
  ['status', { stage: 'begin' }],
  ['status', { stage: 'status', message: 'Preparing to flash', component: 'fw.mgmt' }],
  ['status', { stage: 'status', message: 'Flashing', component: 'fw.mgmt', done: 0n, total: 500000n }],
  ['status', { stage: 'status', message: 'Flashing', component: 'fw.mgmt', done: 250000n, total: 500000n }],
  ['status', { stage: 'status', message: 'Flashing', component: 'fw.mgmt', done: 500000n, total: 500000n }],
  ['status', { stage: 'status', message: 'Flash select', component: 'fw.mgmt', timeout: 81n }],
  ['wait', 200],
  ['status', { stage: 'status', message: 'Flashing done', component: 'fw.mgmt' }],
  ['status', { stage: 'end' }],
] as const;

describe('flash progress', () => {
  it('prints one line per message when stdout is not a terminal', () => {
    expect(run(false, NETDEVSIM)).toBe('[fw.mgmt] Preparing to flash\n[fw.mgmt] Flashing\n[fw.mgmt] Flash select\n[fw.mgmt] Flashing done\n');
  });

  it('rewrites the percentage and shows the timeout in a terminal', () => {
    expect(run(true, NETDEVSIM)).toBe(
      '[fw.mgmt] Preparing to flash\n[fw.mgmt] Flashing   0%\b\b\b\b\b  50%\b\b\b\b\b 100%\n[fw.mgmt] Flash select' +
        ' ( 0m 0s : 1m 21s )' + '\b \b'.repeat(19) + ' ( 0m 0s : 1m 21s )' + '\b \b'.repeat(19) + '\n[fw.mgmt] Flashing done\n',
    );
  });

  it('notes the time after 2 s of silence, and a reached timeout', () => {
    const silent = run(true, [['status', { stage: 'status', message: 'Erasing' }], ['wait', 3100]]);
    expect(silent).toBe(`Erasing ( 0m 3s )${'\b \b'.repeat(10)} ( 0m 3s )`);
    const late = run(true, [['status', { stage: 'status', message: 'Select', timeout: 1n }], ['wait', 2100]]);
    expect(late.endsWith(' ( 0m 2s : timeout reached )')).toBe(true);
  });
});
