/**
 * iproute2's keyword matching: a word typed on the command line matches a keyword when it is a
 * prefix of it (`sh` matches `show`, `func` matches `function`). An empty word matches anything,
 * exactly like iproute2's `strcmpx()`.
 *
 * Why prefix-by-order and not "unambiguous prefix": iproute2 tries keywords in a fixed order and
 * takes the first that matches (`p` is `port`, `s` is `show`); scripts rely on those short forms,
 * so the CLI lists keywords in iproute2's order everywhere and the first match wins.
 */
export function matchesKeyword(word: string, keyword: string): boolean {
  return word.length <= keyword.length && keyword.startsWith(word);
}

/**
 * A read position over the words after the global options (iproute2's `dl->argv`/`dl->argc`).
 *
 * Why a class: every command walks the same words left to right, peeking, matching a keyword by
 * prefix, and consuming; keeping the position in one object makes each step one call.
 */
export class ArgCursor {
  private position = 0;

  constructor(private readonly words: readonly string[]) {}

  /** Number of words not consumed yet. */
  get remaining(): number {
    return this.words.length - this.position;
  }

  /** True when every word has been consumed. */
  get atEnd(): boolean {
    return this.remaining === 0;
  }

  /** The current word without consuming it. */
  peek(): string | undefined {
    return this.words[this.position];
  }

  /** The word `offset` places after the current one, without consuming anything. */
  peekAt(offset: number): string | undefined {
    return this.words[this.position + offset];
  }

  /** Consumes and returns the current word. */
  next(): string | undefined {
    const word = this.words[this.position];
    if (word !== undefined) this.position += 1;
    return word;
  }

  /** Skips the current word (no-op at the end). */
  skip(): void {
    if (this.position < this.words.length) this.position += 1;
  }

  /** True when the current word is a prefix of `keyword` (iproute2's `dl_argv_match`). */
  matches(keyword: string): boolean {
    const word = this.peek();
    return word !== undefined && matchesKeyword(word, keyword);
  }

  /** Consumes the current word when it matches `keyword`; returns whether it did. */
  accept(keyword: string): boolean {
    if (!this.matches(keyword)) return false;
    this.position += 1;
    return true;
  }

  /** The words not consumed yet. */
  rest(): string[] {
    return this.words.slice(this.position);
  }
}
