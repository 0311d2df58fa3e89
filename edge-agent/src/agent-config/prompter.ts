import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";

/**
 * Questions for the init wizard over any pair of streams. Lines are read through readline's async
 * iterator, which buffers them, so answers piped in ahead of time (scripts, tests) are never lost the
 * way they can be with question() when several lines arrive at once.
 */
export class Prompter {
  private readonly rl: Interface;
  private readonly lines: AsyncIterator<string>;

  constructor(
    input: Readable,
    private readonly output: Writable,
  ) {
    this.rl = createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  /** Asks once; an empty answer takes `fallback`. End of input without an answer is an error. */
  async ask(question: string, fallback?: string): Promise<string> {
    this.output.write(fallback ? `${question} [${fallback}]: ` : `${question}: `);
    const next = await this.lines.next();
    if (next.done) throw new Error(`no answer to "${question}" (input ended)`);
    const answer = next.value.trim();
    return answer || fallback || "";
  }

  /** Asks until `check` returns undefined (valid); prints its complaint otherwise. */
  async askValid(
    question: string,
    check: (answer: string) => string | undefined,
    fallback?: string,
  ): Promise<string> {
    for (;;) {
      const answer = await this.ask(question, fallback);
      const problem = check(answer);
      if (!problem) return answer;
      this.output.write(`  ${problem}\n`);
    }
  }

  async confirm(question: string, fallback: boolean): Promise<boolean> {
    const answer = (await this.ask(`${question} (${fallback ? "Y/n" : "y/N"})`)).toLowerCase();
    return answer ? answer.startsWith("y") : fallback;
  }

  close(): void {
    this.rl.close();
  }
}
