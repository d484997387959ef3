/** Parameters of {@link generationPngText}. */
export interface GenerationPngTextParams {
  /** What the generation ran with, named as on the command line (`ImageResult.generation`). */
  generation: Readonly<Record<string, unknown>>;
  /** This image's seed. */
  seed: number | undefined;
  /** How to name the model (registry name, repo id or folder). */
  model: string;
  hftoolVersion: string;
}

const SAMPLERS: Readonly<Record<string, string>> = {
  euler: "Euler",
  "euler-ancestral": "Euler a",
  lcm: "LCM",
  ddim: "DDIM",
};

/**
 * PNG text chunks that image tools read, beside hftool's own JSON chunk: `Description` (the
 * prompt, as the Python hftool wrote it) and `parameters` in the form of the Stable Diffusion web
 * UI ("prompt / Negative prompt: … / Steps: 1, Sampler: Euler, CFG scale: 0, Seed: 42, Size:
 * 512x512, …"), which image viewers, galleries and other generators show and import.
 */
export function generationPngText({
  generation,
  seed,
  model,
  hftoolVersion,
}: GenerationPngTextParams): Record<string, string> {
  const prompt = typeof generation.prompt === "string" ? generation.prompt : undefined;
  const fields: [string, unknown][] = [
    ["Steps", generation.steps],
    ["Sampler", SAMPLERS[String(generation.scheduler)] ?? generation.scheduler],
    ["CFG scale", generation.guidance_scale],
    ["Seed", seed],
    ["Size", generation.width && generation.height ? `${generation.width}x${generation.height}` : undefined],
    ["Model", model],
    ["Denoising strength", generation.strength],
    ["Version", `hftool ${hftoolVersion}`],
  ];
  const settings = fields
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([key, value]) => `${key}: ${String(value).replace(/[,\n]/g, " ")}`)
    .join(", ");
  const negative = typeof generation.negative_prompt === "string" ? generation.negative_prompt : "";
  const parameters = [prompt ?? "", ...(negative ? [`Negative prompt: ${negative}`] : []), settings].join(
    "\n",
  );
  return { ...(prompt !== undefined ? { Description: prompt } : {}), parameters };
}
