// The file picker, the wizard and interactive mode, driven through a real pseudo-terminal (a tmux
// pane) by keystrokes, asserting what the screen shows and which files appear. Without tmux the
// tests print why they skip (.ci/run installs it).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, jest } from "@jest/globals";
import { listModels, resolveTask } from "@hftool/core";
import {
  buildGpt2Fixture,
  buildVadFixture,
  buildVitsFixture,
  burstSamples,
  cliBinPath,
  createTempHome,
  encodeTestWav,
  runCli,
  startTmuxSession,
  tmuxUnavailableReason,
  type TempHome,
  type TmuxSession,
} from "@hftool/test-utils";

// a few terminal sessions per test, each starting node and loading a model
jest.setTimeout(120_000);

const unavailable = tmuxUnavailableReason();
/** Runs a test body only where tmux exists; otherwise prints why it is skipped. */
const withTty = (body: () => Promise<void>) => async () => {
  if (unavailable) {
    console.log(`skipped: ${unavailable}`);
    return;
  }
  await body();
};

let user: TempHome;
let sessions: TmuxSession[] = [];
/** `hftool ARGS` in a fresh 120×40 terminal in the test's working folder. */
const terminal = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const environment: NodeJS.ProcessEnv = { ...user.env, ...env };
  delete environment.CI; // CI=true means "nobody to ask", which would turn every prompt off
  const session = startTmuxSession({
    command: [process.execPath, cliBinPath(), ...args],
    cwd: user.cwd,
    env: environment,
  });
  sessions.push(session);
  return session;
};
const hftool = (args: string[]) => runCli(args, { cwd: user.cwd, env: user.env, timeoutMs: 60_000 });
const wav = (name: string, spans: [number, number][], seconds = 2) => {
  const path = join(user.cwd, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(
    path,
    encodeTestWav({ channels: [burstSamples({ sampleRate: 16000, seconds, spans })], sampleRate: 16000 }),
  );
};
const segments = (path: string) =>
  (JSON.parse(readFileSync(join(user.cwd, path), "utf8")) as { segments: unknown[] }).segments.length;

beforeEach(() => {
  user = createTempHome();
  buildVadFixture({ dir: join(user.cwd, "vad") });
  wav("one.wav", [[0.4, 1.2]]);
  wav("two.wav", [
    [0.2, 0.7],
    [1.2, 1.8],
  ]);
  wav("deep/three.wav", [[0.5, 1.5]]);
  writeFileSync(join(user.cwd, "notes.txt"), "hello from a file");
  writeFileSync(join(user.cwd, "photo.png"), "not really a png");
});
afterEach(() => {
  for (const session of sessions) session.close();
  sessions = [];
  user.cleanup();
});

describe("the @ file picker", () => {
  it(
    "-i @ offers the working folder's files of the task's kind, filters as you type, and runs the pick",
    withTty(async () => {
      const t = terminal(["-t", "vad", "-m", "./vad", "-i", "@", "-o", "picked.json"]);
      // a search prompt draws its frame first and its choices once they are listed: wait for the cursor
      const screen = await t.waitFor(/Audio file from \. \(type to filter\)[\s\S]*❯ /);
      expect(screen).toContain("one.wav");
      expect(screen).toContain("two.wav");
      expect(screen).not.toContain("notes.txt");
      expect(screen).not.toContain("photo.png");
      expect(screen).not.toContain("three.wav"); // not recursive
      t.type("tw");
      await t.waitFor(/❯ two\.wav/);
      t.press("Enter");
      expect(await t.waitForExit()).toBe(0);
      expect(t.screen()).toContain("Output saved to");
      expect(segments("picked.json")).toBe(2);
    }),
  );

  it(
    "offers text files, not images or recordings, to a text task; @. looks into subfolders",
    withTty(async () => {
      buildVitsFixture({ dir: join(user.cwd, "vits") });
      const t = terminal(["-t", "tts", "-m", "./vits", "-i", "@", "-o", "speech.wav"]);
      const screen = await t.waitFor(/Text file from \.[\s\S]*❯ /);
      expect(screen).toContain("notes.txt");
      expect(screen).not.toContain("one.wav");
      expect(screen).not.toContain("photo.png");
      t.press("Enter");
      expect(await t.waitForExit()).toBe(0);
      // the fixture speaks 400 samples a character of the file's text
      expect((readFileSync(join(user.cwd, "speech.wav")).length - 44) / 2).toBe(
        "hello from a file".length * 400,
      );

      const deep = terminal(["-t", "vad", "-m", "./vad", "-i", "@.", "-o", "deep.json"]);
      await deep.waitFor("and its subfolders");
      deep.type("three");
      await deep.waitFor(/❯ deep\/three\.wav/);
      deep.press("Enter");
      expect(await deep.waitForExit()).toBe(0);
      expect(segments("deep.json")).toBe(1);
    }),
  );

  it(
    "@@ offers recent inputs from the history; @? asks for the input and its parameters",
    withTty(async () => {
      expect((await hftool(["-t", "vad", "-m", "./vad", "-i", "two.wav", "-o", "first.json"])).code).toBe(0);
      const t = terminal(["-t", "vad", "-m", "./vad", "-i", "@@", "-o", "again.json"]);
      const screen = await t.waitFor(/Recent audio input[\s\S]*❯ /);
      expect(screen).toContain("two.wav");
      expect(screen).toMatch(/#1 voice-activity-detection, input/);
      t.press("Enter");
      expect(await t.waitForExit()).toBe(0);
      expect(segments("again.json")).toBe(2);

      buildVitsFixture({ dir: join(user.cwd, "vits") });
      const built = terminal(["-t", "tts", "-m", "./vits", "-i", "@?", "-o", "built.wav"]);
      await built.waitFor("Text to speak");
      built.type("good morning");
      built.press("Enter");
      await built.waitFor("Voice or speaker");
      built.press("Enter");
      expect(await built.waitForExit()).toBe(0);
      expect((readFileSync(join(user.cwd, "built.wav")).length - 44) / 2).toBe("good morning".length * 400);
    }),
  );

  it("needs a terminal to choose, takes a single glob match directly, and explains misses", async () => {
    const picked = await hftool(["-t", "vad", "-m", "./vad", "-i", "@"]);
    expect(picked.code).toBe(2);
    expect(picked.stderr).toContain("needs a terminal to ask on");
    expect(picked.stderr).toContain("Pass a path");
    const glob = await hftool(["-t", "vad", "-m", "./vad", "-i", "@deep/*.wav", "-o", "glob.json"]);
    expect(glob.code).toBe(0);
    expect(glob.stderr).toContain("Using deep/three.wav (the one match of deep/*.wav)");
    expect(segments("glob.json")).toBe(1);
    wav("../home/Music/song.wav", [[0.2, 0.8]]);
    const home = await hftool(["-t", "vad", "-m", "./vad", "-i", "@~/Music/*.wav", "-o", "home.json"]);
    expect(home.code).toBe(0);
    expect(segments("home.json")).toBe(1);
    const none = await hftool(["-t", "vad", "-m", "./vad", "-i", "@*.flac"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No audio files match *.flac");
    const text = await hftool(["-t", "tts", "-m", "./vad", "-i", "@someone said hi"]);
    expect(text.stderr).toContain("To give text that starts with @");
  });
});

describe("the wizard (-I)", () => {
  it(
    "walks from task to model, input, output, device, dtype and parameters, shows the command, and runs it",
    withTty(async () => {
      const t = terminal(["-I"]);
      await t.waitFor("Task (type to filter)");
      t.type("voice activ");
      await t.waitFor(/❯ voice-activity-detection/);
      t.press("Enter");
      const models = await t.waitFor("Another model…");
      expect(models).toMatch(/silero-vad\s+[\d.]+ \w?B\s+\(default\)/);
      for (let i = 0; i < listModels({ task: "voice-activity-detection" }).length; i++) t.press("Down");
      t.press("Enter");
      await t.waitFor("Hub repo id (org/name) or local folder");
      t.type("./vad");
      t.press("Enter");
      await t.waitFor("Recording to scan for speech");
      t.type("two");
      await t.waitFor(/❯ two\.wav/);
      t.press("Enter");
      await t.waitFor("Output file or folder");
      t.type("wizard.json");
      t.press("Enter");
      await t.waitFor("Device");
      t.press("Enter"); // auto
      await t.waitFor("Weights (dtype)");
      t.press("Enter"); // auto
      await t.waitFor("Set advanced parameters?");
      t.type("y");
      t.press("Enter");
      await t.waitFor(/Parameter[\s\S]*Done/);
      // "Done" comes first, then the task's parameters in registry order
      const order = resolveTask("vad")
        .params.filter((p) => p.name !== "seed")
        .map((p) => p.name);
      for (let i = 0; i <= order.indexOf("min_speech_ms"); i++) t.press("Down");
      t.press("Enter");
      await t.waitFor("min_speech_ms:");
      t.type("5000");
      t.press("Enter");
      await t.waitFor(/Parameter[\s\S]*Parameter/);
      t.press("Enter"); // Done (the first choice)
      const summary = await t.waitFor("Run it?");
      expect(summary).toMatch(/Task\s+voice-activity-detection/);
      expect(summary).toContain("-m ./vad -i ");
      expect(summary).toContain("-- --min_speech_ms 5000");
      t.press("Enter");
      expect(await t.waitForExit()).toBe(0);
      // the parameter chosen in the wizard applied: no speech stretch is 5 s long
      expect(segments("wizard.json")).toBe(0);
      const history = JSON.parse((await hftool(["history", "--json"])).stdout) as Record<string, unknown>[];
      expect(history[0]).toMatchObject({ task: "voice-activity-detection", extra: { min_speech_ms: 5000 } });
    }),
  );

  it(
    "starts from bare hftool when config says interactive = true; Ctrl-C leaves it",
    withTty(async () => {
      mkdirSync(join(user.home, ".hftool"), { recursive: true });
      writeFileSync(join(user.home, ".hftool", "config.toml"), "[defaults]\ninteractive = true\n");
      const t = terminal([]);
      await t.waitFor("hftool wizard");
      await t.waitFor("Task (type to filter)");
      t.press("C-c");
      expect(await t.waitForExit()).toBe(130);
      expect(t.screen()).toContain("Cancelled.");
      // without a terminal bare hftool still prints help
      expect((await hftool([])).stdout).toContain("hftool -t TASK -i INPUT");
    }),
  );
});

describe("hftool interactive", () => {
  it(
    "keeps the model loaded, runs each line, and takes /commands",
    withTty(async () => {
      const t = terminal(["interactive", "-t", "vad", "-m", "./vad", "-o", "session"]);
      await t.waitFor("vad>");
      expect(t.screen().match(/Loaded /g)).toHaveLength(1);
      t.type("/help");
      t.press("Enter");
      await t.waitFor("/params [key=value…]");
      t.type("two.wav");
      t.press("Enter");
      await t.waitFor(/Output saved to .*voice-activity-detection-001\.json/);
      t.type("@");
      t.press("Enter");
      await t.waitFor("Audio file from .");
      t.type("one");
      await t.waitFor(/❯ one\.wav/);
      t.press("Enter");
      await t.waitFor(/Output saved to .*voice-activity-detection-002\.json/);
      t.type("/params min_speech_ms=5000 speeed=2");
      t.press("Enter");
      await t.waitFor("'speeed' is not a parameter");
      t.type("two.wav");
      t.press("Enter");
      await t.waitFor(/Output saved to .*voice-activity-detection-003\.json/);
      t.type("missing.wav");
      t.press("Enter");
      await t.waitFor("File not found: missing.wav");
      t.type("/status");
      t.press("Enter");
      const status = await t.waitFor(/Runs\s+4 \(3 succeeded, 1 failed\)/);
      expect(status).toMatch(/Memory\s+[\d.]+ \w?B resident/);
      expect(status).toMatch(/Params\s+\{"min_speech_ms":5000,"speeed":2\}/);
      t.type("/history");
      t.press("Enter");
      await t.waitFor("Repeat: hftool history --rerun ID");
      t.type("/quit");
      t.press("Enter");
      expect(await t.waitForExit()).toBe(0);
      // one model load, numbered outputs, the session's parameter applied to the third run
      expect(t.screen().match(/Loaded /g)).toHaveLength(1);
      expect(readdirSync(join(user.cwd, "session")).filter((f) => !f.endsWith(".hftool.json"))).toEqual([
        "voice-activity-detection-001.json",
        "voice-activity-detection-002.json",
        "voice-activity-detection-003.json",
      ]);
      expect(segments("session/voice-activity-detection-001.json")).toBe(2);
      expect(segments("session/voice-activity-detection-003.json")).toBe(0);
      // every run is in the history, the failure too
      const history = JSON.parse((await hftool(["history", "--json"])).stdout) as Record<string, unknown>[];
      expect(history.map((e) => [e.source, e.success])).toEqual([
        ["interactive", false],
        ["interactive", true],
        ["interactive", true],
        ["interactive", true],
      ]);
      expect(history[1]).toMatchObject({
        extra: { min_speech_ms: 5000 },
        output: join(user.cwd, "session", "voice-activity-detection-003.json"),
      });
    }),
  );

  it(
    "Ctrl-C cancels a run and the session goes on; twice at the prompt leaves; the prompt history persists",
    withTty(async () => {
      // thousands of nodes run at every 32 ms window: three minutes of audio take seconds
      buildVadFixture({ dir: join(user.cwd, "slow"), slowRunNodes: 10_000 });
      wav("long.wav", [[1, 2]], 180);
      const t = terminal(["interactive", "-t", "vad", "-m", "./slow", "-o", "out"]);
      await t.waitFor("vad>");
      t.type("long.wav");
      t.press("Enter");
      await t.waitFor(/Detecting speech|Running voice-activity-detection/);
      t.press("C-c");
      await t.waitFor(/Cancelled; the session goes on\.[\s\S]*vad>$/);
      t.type("one.wav");
      t.press("Enter");
      await t.waitFor(/Output saved to .*voice-activity-detection-002\.json/);
      t.type("/st");
      t.press("Tab");
      await t.waitFor(/vad> \/status/);
      t.press("Enter");
      await t.waitFor(/Runs\s+2 \(1 succeeded, 1 failed\)/);
      t.press("C-c");
      await t.waitFor("Ctrl-C again, /quit or Ctrl-D to leave");
      t.press("C-c");
      expect(await t.waitForExit()).toBe(0);
      expect(existsSync(join(user.cwd, "out", "voice-activity-detection-001.json"))).toBe(false);
      const history = JSON.parse((await hftool(["history", "--json"])).stdout) as Record<string, unknown>[];
      expect(history.map((e) => e.success)).toEqual([true, false]);
      expect(history[1]).toMatchObject({ error: { code: "ABORTED" } });

      // a new session recalls the last session's lines with the Up arrow
      const again = terminal(["interactive", "-t", "vad", "-m", "./vad"]);
      await again.waitFor("vad>");
      again.press("Up");
      await again.waitFor(/vad> \/status/);
      again.press("Up");
      await again.waitFor(/vad> one\.wav/);
      // Ctrl-D leaves at an empty line (like a shell, it does not while there is text)
      again.press("C-u");
      again.press("C-d");
      expect(await again.waitForExit()).toBe(0);
    }),
  );

  it("reads one input per line from a pipe, and refuses --json", async () => {
    const r = await runCli(["interactive", "-t", "vad", "-m", "./vad", "-o", "piped"], {
      cwd: user.cwd,
      env: user.env,
      input: "one.wav\n/seed 3\n/new\ntwo.wav\n",
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("/new is for chats: text generation with a model that has a chat template");
    expect(readdirSync(join(user.cwd, "piped")).filter((f) => !f.endsWith(".hftool.json"))).toHaveLength(2);
    const json = await hftool(["interactive", "-t", "vad", "-m", "./vad", "--json"]);
    expect(json.code).toBe(2);
  });
});

describe("progress and confirmations on a terminal", () => {
  it(
    "a batch shows a progress bar with counts and time left, then a line per entry and a summary",
    withTty(async () => {
      buildVadFixture({ dir: join(user.cwd, "slow"), slowRunNodes: 10_000 });
      for (const name of ["a", "b", "c"]) wav(`batch/${name}.wav`, [[1, 2]], 40);
      const t = terminal(["-t", "vad", "-m", "./slow", "--batch", "batch", "--batch-output-dir", "out"]);
      await t.waitFor(/[█░]{20}\s+1\/3\s+33%\s+~[\d.]+ \w+ left/, 60_000);
      expect(await t.waitForExit(60_000)).toBe(0);
      const screen = t.screen();
      expect(screen).toMatch(/✓ \[1\/3\] a\.wav → out\/a\.json/);
      expect(screen).toMatch(/✓ \[3\/3\] c\.wav → out\/c\.json/);
      expect(screen).toContain("Batch done: 3 succeeded of 3");
    }),
  );

  it(
    "generated text streams onto the terminal and ends its line before any notice about it",
    withTty(async () => {
      // a model that reads 60 tokens cannot write the 256 asked for: a notice follows the text
      const gpt2 = buildGpt2Fixture({ dir: join(user.cwd, "gpt2"), contextLength: 60 });
      const t = terminal(["-t", "llm", "-m", "./gpt2", "-i", "Hi", "-o", "reply.txt"]);
      expect(await t.waitForExit()).toBe(0);
      const screen = t.screen();
      expect(screen).toContain(`${gpt2.chatReply}\nwarning: The model reads at most 60 tokens`);
    }),
  );

  it(
    "history --rerun shows the command and asks before running it",
    withTty(async () => {
      expect((await hftool(["-t", "vad", "-m", "./vad", "-i", "one.wav", "-o", "first.json"])).code).toBe(0);
      const t = terminal(["history", "--rerun", "last"]);
      const screen = await t.waitFor("Run it again?");
      expect(screen).toContain(
        `hftool -t voice-activity-detection -m ${join(user.cwd, "vad")} -i ${join(user.cwd, "one.wav")}`,
      );
      t.type("n");
      t.press("Enter");
      expect(await t.waitForExit()).toBe(0);
      expect(t.screen()).toContain("Not run.");
      const history = JSON.parse((await hftool(["history", "--json"])).stdout) as unknown[];
      expect(history).toHaveLength(1);
    }),
  );
});
