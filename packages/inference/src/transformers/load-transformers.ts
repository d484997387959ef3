import { HftoolError } from "@hftool/core";
import type * as TransformersModule from "@huggingface/transformers";
import { getOnnxLogLevel, loadOnnxRuntime } from "../runtime/load-onnxruntime.js";

/** The transformers.js module. */
export type Transformers = typeof TransformersModule;

let loaded: Promise<Transformers> | undefined;

/**
 * Imports transformers.js once and locks it to local files: it never downloads (downloads are
 * @hftool/download's job, into the Hugging Face cache that Python shares), keeps no cache of its
 * own, and its `fetch` is replaced by one that throws, so nothing it does can reach the network.
 * Its console logging is off (libraries must not print).
 */
export function loadTransformers(): Promise<Transformers> {
  loaded ??= (async () => {
    // transformers.js loads onnxruntime-node: no usage telemetry unless asked for (see loadOnnxRuntime)
    process.env.ORT_DISABLE_TELEMETRY ??= "1";
    const transformers = await import("@huggingface/transformers");
    const { env } = transformers;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = "";
    env.useFSCache = false;
    env.useBrowserCache = false;
    env.useCustomCache = false;
    env.fetch = (async (url: unknown) => {
      throw new HftoolError(
        "NETWORK_DISABLED",
        `transformers.js tried to fetch ${String(url)}; hftool loads models from local files only.`,
        {
          hint: "This is a bug in hftool: please report it with the command you ran.",
        },
      );
    }) as typeof env.fetch;
    // LogLevel.NONE: what goes wrong reaches the caller as a thrown error, not console output
    env.logLevel = 50;
    // transformers.js sets onnxruntime's log level as it loads; make sure it is ours
    await loadOnnxRuntime().then((ort) => (ort.env.logLevel = getOnnxLogLevel()));
    return transformers;
  })();
  return loaded;
}
