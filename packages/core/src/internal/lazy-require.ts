import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A getter that loads a dependency the first time it is needed. `@hftool/core` is imported by
 * every hftool command, including shell completion on each Tab press, so its parsers (TOML, .env,
 * edit distance) load only when a function actually uses them.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
