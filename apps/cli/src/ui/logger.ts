import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { expandTilde } from "@hftool/core";

/** Appends timestamped debug lines to `HFTOOL_LOG_FILE`; does nothing when it is unset. */
export class Logger {
  private readonly file: string | undefined;
  private broken = false;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const file = env.HFTOOL_LOG_FILE?.trim();
    this.file = file ? resolve(expandTilde(file)) : undefined;
    if (this.file) {
      try {
        mkdirSync(dirname(this.file), { recursive: true });
      } catch {
        this.broken = true;
      }
    }
  }

  get enabled(): boolean {
    return this.file !== undefined && !this.broken;
  }

  log(level: "debug" | "info" | "warn" | "error", message: string): void {
    if (!this.file || this.broken) return;
    try {
      appendFileSync(this.file, `${new Date().toISOString()} [${level.toUpperCase()}] ${message}\n`);
    } catch {
      // a log that cannot be written must never break the command
      this.broken = true;
    }
  }
}
