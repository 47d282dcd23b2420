import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPROUTE2_DEVLINK } from './support/iproute2.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { cliDifferences, runIproute2, runOurs } from './support/cli-compare.js';

// `dev flash`: devlink-ts (in-process main()) and iproute2 6.1's devlink flashing netdevsim print
// the same progress (stdout, stderr, status) when stdout is not a terminal; on a terminal
// (iproute2 run under script(1)) the same lines once the in-place percentage and elapsed-time
// rewrites are applied. With -j devlink-ts stays quiet (iproute2 prints its progress text).

/** What a terminal shows after backspaces: `\b` moves left, later text overwrites. */
function rendered(text: string): string {
  const lines: string[] = [];
  let line: string[] = [];
  let column = 0;
  for (const char of text.replace(/\r\n/g, '\n')) {
    if (char === '\n') {
      lines.push(line.join('').trimEnd());
      line = [];
      column = 0;
    } else if (char === '\b') column = Math.max(0, column - 1);
    else {
      line[column] = char;
      column += 1;
    }
  }
  lines.push(line.join('').trimEnd());
  return lines.join('\n');
}

describe('CLI differential: dev flash vs iproute2 devlink 6.1 on netdevsim', () => {
  let dev: NetdevsimDevice;
  beforeAll(() => {
    dev = createNetdevsim(1);
    mkdirSync('/lib/firmware', { recursive: true });
    writeFileSync('/lib/firmware/devlink-ts-cli.bin', Buffer.alloc(64));
  });
  afterAll(() => {
    dev.remove();
  });

  it('progress, errors and -j', async () => {
    const d = dev.handle;
    const lines = [
      ['dev', 'flash', d, 'file', 'devlink-ts-cli.bin'],
      ['dev', 'flash', d, 'file', 'devlink-ts-cli.bin', 'component', 'fw.mgmt'],
      ['dev', 'flash', d, 'file', 'nope.bin'], ['dev', 'flash', d], ['dev', 'flash', d, 'file', 'x', 'overwrite', 'bogus'],
      ['dev', 'flash', d, 'file', 'devlink-ts-cli.bin', 'component', 'nope'],
    ];
    expect(await cliDifferences(lines)).toEqual([]);
    // netdevsim refuses overwrite masks with no extended ACK. iproute2 then prints either nothing
    // or one line break, depending on whether its notification socket saw the update's end
    // before its child's answer (observed both ways); status and stderr are stable.
    const overwrite = ['dev', 'flash', d, 'file', 'devlink-ts-cli.bin', 'overwrite', 'settings', 'overwrite', 'identifiers'];
    const theirs = runIproute2(overwrite);
    const mine = await runOurs(overwrite);
    expect([mine.status, mine.stderr, mine.stdout.trim()]).toEqual([theirs.status, theirs.stderr, theirs.stdout.trim()]);
    // Not compared: `dev flash` alone prints the dev usage, whose other lines devlink-ts words as
    // newer iproute2 does.
    expect(await runOurs(['dev', 'flash'])).toMatchObject({ status: 0, stdout: '' });
    const quiet = await runOurs(['-j', 'dev', 'flash', d, 'file', 'devlink-ts-cli.bin']);
    expect(quiet).toEqual({ status: 0, stdout: '\n', stderr: '' });
  });

  it('on a terminal: the same screen as iproute2', async () => {
    const d = dev.handle;
    const script = spawnSync('script', ['-qec', `${IPROUTE2_DEVLINK} dev flash ${d} file devlink-ts-cli.bin`, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    if (script.error) throw script.error;
    const mine = await runOurs(['dev', 'flash', d, 'file', 'devlink-ts-cli.bin'], true);
    console.log(JSON.stringify({ iproute2: script.stdout.slice(0, 400), ours: mine.stdout.slice(0, 400) }));
    expect(mine.stdout).toContain('\b\b\b\b\b');
    expect(rendered(mine.stdout).replace(/ \( \d+m \d+s( : [^)]*)? \)/g, '')).toBe(rendered(script.stdout).replace(/ \( \d+m \d+s( : [^)]*)? \)/g, ''));
  });
});
