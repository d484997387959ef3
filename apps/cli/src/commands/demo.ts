import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CommandHandler } from "../spec/types.js";

/** The recording the demo listens to (espeak-ng: two sentences with a pause, 6.7 s, 16 kHz mono). */
export const DEMO_RECORDING = fileURLToPath(new URL("../assets/demo-speech.wav", import.meta.url));

async function hubReachable(
  endpoint: string,
  repo: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  try {
    // through the environment's proxy, as the download that follows goes
    const { createProxyFetch } = await import("@hftool/download");
    const response = await createProxyFetch({ env })(`${endpoint}/api/models/${repo}`, {
      method: "HEAD",
      signal: AbortSignal.timeout(3000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * hftool's main job on a model it carries: voice activity detection with Silero VAD on a short
 * recording. With Hub access the model comes from the Hub into the normal cache; without (or with
 * --embedded), an embedded Hub-protocol mirror on 127.0.0.1 serves the copy hftool's npm
 * dependencies ship, and it is downloaded through the normal path into a temporary cache.
 * Prints the speech segments and writes them as SubRip subtitles.
 */
const demo: CommandHandler = async (args, context) => {
  const out = context.out;
  const { SILERO_VAD_REPO, layoutSileroVadRepo } = await import("../run/silero-vad-repo.js");
  const { runTask } = await import("../run/run-task.js");
  const config = context.config();
  const embedded =
    args.embedded === true ||
    config.hub.offline ||
    !(await hubReachable(config.hub.endpoint, SILERO_VAD_REPO, context.env));

  out.info(
    out.ce.bold("hftool demo") +
      ": find where people speak in a 6.7 s recording (two sentences and a pause) with Silero VAD.",
  );
  let temp: string | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  try {
    let hub: { endpoint: string; cacheDir: string; offline: boolean; token: false } | undefined;
    if (embedded) {
      const { loadDownloadApi } = await import("../run/download-api.js");
      const download = await loadDownloadApi();
      temp = await mkdtemp(join(tmpdir(), "hftool-demo-"));
      const repoDir = await layoutSileroVadRepo(join(temp, "silero-vad"));
      server = await download.createHubServer({
        repos: { [SILERO_VAD_REPO]: repoDir },
        host: "127.0.0.1",
        port: 0,
      });
      // the mirror is ours: the user's Hub token has no business going to it
      hub = { endpoint: server.url, cacheDir: join(temp, "cache"), offline: false, token: false };
      out.info(
        `No Hub access${args.embedded === true ? " wanted" : ""}: serving ${SILERO_VAD_REPO} (shipped with hftool) from an embedded Hub mirror at ${server.url}`,
      );
    } else {
      out.info(`Fetching ${SILERO_VAD_REPO} from ${config.hub.endpoint}`);
    }
    const outcome = await runTask(
      {
        task: "voice-activity-detection",
        input: DEMO_RECORDING,
        model: SILERO_VAD_REPO,
        device: "cpu",
        extraParams: {},
        metadata: true,
        dryRun: false,
        autoDownload: true,
        // the demo model lives in a temporary cache: a rerun from the history could not find it
        recordHistory: false,
        ...(typeof args.output === "string" ? { output: args.output } : {}),
        // subtitles unless -o names a file of another format
        ...(typeof args.output !== "string" || !/\.[A-Za-z0-9]+$/.test(args.output) ? { format: "srt" } : {}),
        ...(typeof args.open === "boolean" ? { open: args.open } : {}),
        ...(hub ? { hub } : {}),
      },
      context,
    );
    if (outcome && !out.json && !out.quiet) {
      out.print();
      out.print(
        out.c.dim(
          "Next: hftool -t vad -i your-recording.wav   ·   hftool -t asr -i talk.mp3 -o talk.srt   ·   hftool tasks",
        ),
      );
    }
  } finally {
    await server?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  }
  return 0;
};

export default demo;
