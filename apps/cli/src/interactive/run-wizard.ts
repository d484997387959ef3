import {
  DTYPES,
  formatBytes,
  historyToArgs,
  listModels,
  listTasks,
  quoteShellWord,
  resolveOutputPath,
  resolveTask,
  type TaskDefinition,
} from "@hftool/core";
import type { CommandContext } from "../context.js";
import { runOptionsFromArgs } from "../run/run-options-from-args.js";
import type { CommandArgs } from "../spec/types.js";
import { askParam, buildTaskInput } from "./build-task-input.js";
import { loadPrompts, type Prompts } from "./prompts.js";
import { matchesSearch } from "./resolve-input-reference.js";

const OTHER_MODEL = "\u0000other-model";
const RANDOM_SEED = -1;

/** The GPU device `auto` tries on this platform, offered next to auto and cpu. */
function platformGpu(): string | undefined {
  if (process.platform === "linux" && process.arch === "x64") return "cuda";
  if (process.platform === "darwin") return "coreml";
  if (process.platform === "win32") return "dml";
  return undefined;
}

async function chooseTask(prompts: Prompts, runnable: readonly string[]): Promise<TaskDefinition> {
  const tasks = listTasks();
  const name = await prompts.search<string>({
    message: "Task (type to filter)",
    pageSize: 14,
    source: (term) =>
      tasks
        .filter((t) => matchesSearch(`${t.name} ${t.aliases.join(" ")} ${t.description}`, term))
        .map((t) => ({
          value: t.name,
          name: `${t.name}${t.aliases[0] ? ` (${t.aliases[0]})` : ""}`,
          description: t.description,
          ...(t.status === "unsupported"
            ? { disabled: "(no ONNX pipeline yet)" }
            : !runnable.includes(t.name)
              ? { disabled: "(not in this version yet)" }
              : {}),
        })),
  });
  return resolveTask(name);
}

async function chooseModel(prompts: Prompts, task: TaskDefinition, context: CommandContext): Promise<string> {
  const models = listModels({ task: task.name });
  const cached = new Map<string, boolean>();
  try {
    const { loadDownloadApi } = await import("../run/download-api.js");
    const download = await loadDownloadApi();
    const cacheDir = context.config().paths.modelsDir;
    await Promise.all(
      models.map(async (m) =>
        cached.set(
          m.repo,
          Boolean(
            await download.findCachedSnapshot({
              repo: m.repo,
              cacheDir,
              ...(m.revision ? { revision: m.revision } : {}),
            }),
          ),
        ),
      ),
    );
  } catch {
    // without @hftool/download the list just does not say what is downloaded
  }
  const configured = context.config().task(task.name).model;
  const choice = await prompts.select<string>({
    message: "Model",
    pageSize: 12,
    choices: [
      ...models.map((m) => ({
        value: m.name,
        name: `${cached.get(m.repo) ? "✓" : " "} ${m.name}  ${formatBytes(m.sizeBytes)}${m.default ? "  (default)" : ""}${cached.get(m.repo) ? "  downloaded" : ""}`,
        description: `${m.repo} — ${m.description}${m.nonCommercial ? ` (license ${m.license}: non-commercial)` : ""}`,
      })),
      {
        value: OTHER_MODEL,
        name: "  Another model…",
        description: "A Hub repo id (org/name) or a local folder",
      },
    ],
    ...(configured && models.some((m) => m.name === configured) ? { default: configured } : {}),
  });
  if (choice !== OTHER_MODEL) return choice;
  const typed = await prompts.input({
    message: "Hub repo id (org/name) or local folder",
    validate: (text: string) => (text.trim() === "" ? "Type a repo id or a folder." : true),
  });
  return typed.trim();
}

/**
 * `hftool -I`: asks for task, model (with size, whether it is downloaded, the default marked),
 * input (with the file picker and the task's input builder), output, device, dtype, seed and
 * advanced parameters, shows a summary with the equivalent command, and runs it when confirmed.
 * Flags given with `-I` (`-t`, `-m`, `-i`, …) are taken as answered.
 */
export async function runWizard(args: CommandArgs, context: CommandContext): Promise<number> {
  const prompts = await loadPrompts(
    context,
    "The wizard (-I)",
    "Give everything on the command line instead: hftool -t TASK -i INPUT [-m MODEL] [-o OUTPUT]",
  );
  const out = context.out;
  const { PIPELINE_TASKS } = await import("@hftool/inference");
  const options = runOptionsFromArgs(args);
  out.info(out.ce.bold("hftool wizard") + out.ce.dim("  (Ctrl-C to leave; Enter takes the default)"));

  const task =
    typeof args.task === "string" ? resolveTask(args.task) : await chooseTask(prompts, PIPELINE_TASKS);
  const model = options.model ?? (await chooseModel(prompts, task, context));

  let input: string;
  let extra: Record<string, unknown>;
  if (typeof args.input === "string" && args.input !== "") {
    const { resolveInputReference } = await import("./resolve-input-reference.js");
    const resolved = await resolveInputReference({ value: args.input, task, context });
    input = resolved.input;
    extra = resolved.extra ?? {};
  } else {
    const built = await buildTaskInput({ task, context });
    input = built.input;
    extra = built.extra ?? {};
  }

  const config = context.config();
  let output = options.output;
  if (output === undefined) {
    const suggested = resolveOutputPath({
      task: task.name,
      outputDir: config.paths.outputDir,
      cwd: context.cwd,
    });
    const typed = await prompts.input({
      message: `Output file or folder (Enter: ${suggested.path.split(/[\\/]/).pop()} in ${config.paths.outputDir})`,
      validate: (text: string) => {
        if (text.trim() === "") return true;
        try {
          resolveOutputPath({ task: task.name, output: text.trim(), cwd: context.cwd });
          return true;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
    });
    if (typed.trim() !== "") output = typed.trim();
  }

  const gpu = platformGpu();
  const device =
    options.device ??
    (await prompts.select<string>({
      message: "Device",
      choices: [
        {
          value: "auto",
          name: "auto",
          description: `The best that loads${gpu ? ` (${gpu}, else the CPU)` : ""}`,
        },
        { value: "cpu", name: "cpu" },
        ...(gpu ? [{ value: gpu, name: gpu }] : []),
      ],
      default: config.task(task.name).device ?? config.defaults.device,
    }));

  const entry = listModels({ task: task.name }).find(
    (m) => m.name === (model ?? listModels({ task: task.name }).find((x) => x.default)?.name),
  );
  const dtypes = entry?.dtypes ?? DTYPES;
  const dtype =
    options.dtype ??
    (await prompts.select<string>({
      message: "Weights (dtype)",
      choices: [
        {
          value: "auto",
          name: `auto${entry?.defaultDtype ? ` (${entry.defaultDtype})` : ""}`,
          description: "What the model recommends",
        },
        ...dtypes.map((d) => ({ value: d, name: d })),
      ],
      default: "auto",
    }));

  let seed = options.seed;
  if (seed === undefined && task.params.some((p) => p.name === "seed")) {
    const choice = await prompts.select<number>({
      message: "Seed",
      choices: [
        { value: RANDOM_SEED, name: "Random", description: "A different result each time" },
        { value: 0, name: "Fixed…", description: "The same seed gives the same result" },
      ],
    });
    if (choice !== RANDOM_SEED) {
      seed = await prompts.number({ message: "Seed (a whole number)", required: true, min: 0, step: 1 });
    }
  }

  const params: Record<string, unknown> = { ...extra, ...options.extraParams };
  const more = task.params.filter((p) => p.name !== "seed" && !(p.name in params));
  if (more.length > 0 && (await prompts.confirm({ message: "Set advanced parameters?", default: false }))) {
    for (;;) {
      const left = more.filter((p) => !(p.name in params));
      if (left.length === 0) break;
      const name = await prompts.select<string>({
        message: "Parameter",
        pageSize: 12,
        choices: [
          { value: "", name: "Done" },
          ...left.map((p) => ({
            value: p.name,
            name: p.name,
            description: `${p.description}${p.default !== undefined ? ` (default ${JSON.stringify(p.default)})` : ""}`,
          })),
        ],
      });
      if (name === "") break;
      const value = await askParam(
        prompts,
        left.find((p) => p.name === name)!,
      );
      if (value !== undefined) params[name] = value;
    }
  }

  const defaultModel = listModels({ task: task.name }).find((m) => m.default)?.name;
  const command = [
    "hftool",
    ...historyToArgs({
      id: 0,
      time: "",
      source: "run",
      task: task.name,
      model: model ?? defaultModel ?? "",
      input,
      ...(output !== undefined ? { output } : {}),
      device,
      dtype,
      ...(seed !== undefined ? { seed } : {}),
      extra: params,
      params: {},
      durationMs: 0,
      success: true,
    }),
  ]
    .map(quoteShellWord)
    .join(" ");
  const c = out.ce;
  out.info("");
  out.info(
    out.table(
      [
        ["Task", task.name],
        ["Model", model ?? `${defaultModel ?? "the default"} (default)`],
        ["Input", input.length > 60 ? `${input.slice(0, 59)}…` : input],
        ["Output", output ?? "automatic name"],
        ["Device", device],
        ["Dtype", dtype],
        ...(seed !== undefined ? [["Seed", String(seed)]] : []),
        ...(Object.keys(params).length ? [["Params", JSON.stringify(params)]] : []),
      ].map(([k, v]) => [c.dim(k!), v!]),
      { indent: 2 },
    ),
  );
  out.info(c.dim(`  ${command}`));
  if (!(await prompts.confirm({ message: "Run it?", default: true }))) {
    out.info("Not run.");
    return 0;
  }
  const { runTask } = await import("../run/run-task.js");
  await runTask(
    {
      ...options,
      task: task.name,
      input,
      ...(model !== undefined ? { model } : {}),
      ...(output !== undefined ? { output } : {}),
      device,
      dtype,
      ...(seed !== undefined ? { seed } : {}),
      extraParams: params,
    },
    context,
  );
  return 0;
}
