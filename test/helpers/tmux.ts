import { execFileSync } from 'node:child_process';

/**
 * A program running in a real pseudo-terminal: a detached tmux session on a private server socket.
 * Waits poll capture-pane until the expected text appears (bounded), so no timing is assumed.
 */
export class TmuxSession {
  readonly socket: string;
  readonly name = 'catalog';

  constructor(label: string) {
    this.socket = `catalog-test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Start `command` (a shell command line) in a 200×50 terminal with the given environment. */
  start(command: string, env: Record<string, string>, cwd: string): void {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux(['new-session', '-d', '-s', this.name, '-x', '200', '-y', '50', '-c', cwd, ...envArgs, command]);
  }

  /** The visible screen plus scrollback, wrapped lines joined. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-200', '-t', this.name]);
  }

  /** Wait until `text` is on screen (after `after` occurrences are already there); returns the screen. */
  async waitFor(text: string | RegExp, o: { timeoutMs?: number; count?: number } = {}): Promise<string> {
    const deadline = Date.now() + (o.timeoutMs ?? 30_000);
    const want = o.count ?? 1;
    for (;;) {
      const last = this.screen();
      const n = typeof text === 'string' ? last.split(text).length - 1 : (last.match(new RegExp(text.source, 'g')) ?? []).length;
      if (n >= want) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)} (×${want}); screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Type literal text (no key names interpreted). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** Press keys by name: Enter, Down, BSpace, C-c … */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
  }
}
