/** The model's end-of-sequence token ids, from its generation config or config.json. */
export function eosIds(generationConfig: unknown, config: Readonly<Record<string, unknown>>): number[] {
  const value =
    (generationConfig as { eos_token_id?: unknown } | undefined)?.eos_token_id ?? config.eos_token_id;
  return (Array.isArray(value) ? value : [value]).filter((v): v is number => typeof v === "number");
}
