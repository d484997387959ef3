import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

/** A program running in a real pseudo-terminal (a tmux pane), driven by keystrokes. */
export interface TmuxSession {
  /** Types text literally (no key names). */
  type(text: string): void;
  /** Presses keys by tmux name: `Enter`, `Tab`, `Down`, `C-c`, `C-d`, `BSpace`, `Escape`. */
  press(...keys: string[]): void;
  /** What the terminal shows now, with its scrollback, trailing blanks trimmed. */
  screen(): string;
  /**
   * Waits until the screen matches, and returns it.
   * @throws with the last screen when it does not match within `timeoutMs` (default 20 s).
   */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Waits for the program to end and returns its exit code (printed by the wrapper). */
  waitForExit(timeoutMs?: number): Promise<number>;
  /** Stops the session's tmux server and everything in it. */
  close(): void;
}

/** Parameters of {@link startTmuxSession}. */
export interface StartTmuxSessionParams {
  /** Program and arguments. */
  command: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** @default 120 */
  columns?: number;
  /** @default 40 */
  rows?: number;
}

/** Why pseudo-terminal tests cannot run here (tmux missing), or `undefined` when they can. */
export function tmuxUnavailableReason(): string | undefined {
  const probe = spawnSync("tmux", ["-V"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    return "tmux is not installed (apt-get install tmux); the pseudo-terminal tests need it";
  }
  return undefined;
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Starts `command` in a detached tmux session on a private server (its own socket, no user
 * config), sized `columns`×`rows`. The command runs under `sh`, which prints `[exited N]` when it
 * ends and keeps the pane open, so the last screen and the exit code can still be read.
 */
export function startTmuxSession(params: StartTmuxSessionParams): TmuxSession {
  const { command, cwd, columns = 120, rows = 40 } = params;
  const socket = `hftool-test-${process.pid}-${randomBytes(4).toString("hex")}`;
  // tmux's own variables would point the inner program at the wrong server
  const env = { ...params.env, TMUX: undefined, TMUX_PANE: undefined, TERM: "xterm-256color" };
  delete env.TMUX;
  delete env.TMUX_PANE;
  const tmux = (args: string[]) =>
    execFileSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { cwd, env, encoding: "utf8" });
  const script = `${command.map(quote).join(" ")}; echo "[exited $?]"; sleep 600`;
  tmux(["new-session", "-d", "-s", "main", "-x", String(columns), "-y", String(rows), "-c", cwd, script]);
  tmux(["set-option", "-t", "main", "history-limit", "5000"]);
  const screen = () =>
    tmux(["capture-pane", "-p", "-J", "-t", "main", "-S", "-5000"])
      .split("\n")
      .map((line) => line.trimEnd())
      .join("\n")
      .trimEnd();
  const session: TmuxSession = {
    type(text) {
      tmux(["send-keys", "-t", "main", "-l", text]);
    },
    press(...keys) {
      tmux(["send-keys", "-t", "main", ...keys]);
    },
    screen,
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const last = screen();
        if (typeof pattern === "string" ? last.includes(pattern) : pattern.test(last)) return last;
        if (Date.now() > deadline) {
          throw new Error(
            `The terminal did not show ${String(pattern)} within ${timeoutMs} ms. It shows:\n${last}`,
          );
        }
        await sleep(100);
      }
    },
    async waitForExit(timeoutMs = 20_000) {
      const shown = await session.waitFor(/\[exited (\d+)\]/, timeoutMs);
      return Number(/\[exited (\d+)\]/.exec(shown)![1]);
    },
    close() {
      try {
        tmux(["kill-server"]);
      } catch {
        // already gone
      }
    },
  };
  return session;
}
