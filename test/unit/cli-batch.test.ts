import { describe, expect, it } from 'vitest';
import { batchLines, splitWords } from '../../src/cli/batch.js';

describe('batch file parsing (iproute2 getcmdline/makeargs)', () => {
  it('splits words on blanks and keeps quoted words whole', () => {
    expect(splitWords('  dev   show "pci/0000:01:00.0"  ')).toEqual(['dev', 'show', 'pci/0000:01:00.0']);
    expect(splitWords(`port function rate add 'pci/x/my node'`)).toEqual(['port', 'function', 'rate', 'add', 'pci/x/my node']);
    expect(splitWords('')).toEqual([]);
  });

  it('drops comments, joins continued lines, numbers lines as iproute2 reports them', () => {
    const text = 'dev show # all devices\n\n# only a comment\nport function rate set \\\n  pci/x/1 tx_max 1gbit\nport show\r\n';
    expect(batchLines(text)).toEqual([
      { words: ['dev', 'show'], line: 1 },
      { words: [], line: 2 },
      { words: [], line: 3 },
      { words: ['port', 'function', 'rate', 'set', 'pci/x/1', 'tx_max', '1gbit'], line: 5 },
      { words: ['port', 'show'], line: 6 },
    ]);
  });
});
