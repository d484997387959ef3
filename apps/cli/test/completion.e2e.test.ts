// Tab completion in real shells: `hftool completion --install` into a temporary HOME, then each
// shell's own completion machinery asks the built hftool for candidates.
//   bash: COMP_WORDS / COMP_CWORD set as readline would, the completion function called, COMPREPLY read
//         (once through bash-completion's loader, once with the script sourced without it);
//   zsh:  an interactive zsh in a zpty that loads ~/.zshrc (with the installed fpath block), a
//         completion widget run, every compadd recorded;
//   fish: `complete -C`, with the script autoloaded from ~/.config/fish/completions.
// A shell that is not installed skips with a printed reason (.ci/run installs them on Debian).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { cliBinPath, createTempHome, runCli, type TempHome } from "@hftool/test-utils";

let user: TempHome;
let env: NodeJS.ProcessEnv;

const has = (program: string) => spawnSync(program, ["--version"], { stdio: "ignore" }).status === 0;
const BASH_COMPLETION = "/usr/share/bash-completion/bash_completion";

beforeAll(() => {
  user = createTempHome("hftool-shells-");
  const bin = join(user.root, "bin");
  mkdirSync(bin);
  // `hftool` on PATH, as after a global install.
  writeFileSync(join(bin, "hftool"), `#!/bin/sh\nexec "${process.execPath}" "${cliBinPath()}" "$@"\n`);
  chmodSync(join(bin, "hftool"), 0o755);
  env = { ...user.env, PATH: `${bin}:${process.env.PATH}`, ZDOTDIR: user.home };
  mkdirSync(join(user.cwd, "clips", "old"), { recursive: true });
  writeFileSync(join(user.cwd, "clips", "talk.wav"), "x");
  writeFileSync(join(user.cwd, "clips", "notes.txt"), "x");
});
afterAll(() => user.cleanup());

const install = async (shell: string) => {
  const r = await runCli(["completion", shell, "--install"], { env, cwd: user.cwd });
  expect(r.stderr).toContain("completion");
  expect(r.code).toBe(0);
  return r;
};

/** The words bash hands a completion function for a line: split at blanks and at '='. */
function compWords(line: string): string[] {
  const words: string[] = [];
  for (const token of line.split(" ").filter((t, i, all) => t !== "" || i === all.length - 1)) {
    const parts = token.split(/(=)/).filter((p) => p !== "");
    words.push(...(parts.length > 0 ? parts : [""]));
  }
  if (line.endsWith("=")) words.push("");
  return words;
}

function bashComplete(
  line: string,
  load: "bash-completion" | "source",
): { replies: string[]; options: string } {
  const script = join(user.home, ".local", "share", "bash-completion", "completions", "hftool");
  const words = compWords(line);
  // COMP_CWORD points at '=' itself when the line ends in '=' (that is what bash does).
  const cword = line.endsWith("=") ? words.length - 2 : words.length - 1;
  const driver = [
    load === "bash-completion"
      ? `source ${BASH_COMPLETION}; __load_completion hftool || _completion_loader hftool`
      : `source '${script}'`,
    'compopt() { printf "%s " "$@" >> "$OPTIONS_FILE"; }',
    'COMP_WORDS=("$@"); COMP_CWORD=$CWORD; COMP_LINE=$LINE; COMP_POINT=${#LINE}; COMPREPLY=()',
    'fn=$(complete -p hftool | sed -E "s/.* -F ([^ ]+) .*/\\1/")',
    '"$fn" hftool "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  const optionsFile = join(user.root, "compopt.txt");
  writeFileSync(optionsFile, "");
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", driver, "bash", ...words.slice(0, cword + 1)], {
    env: { ...env, CWORD: String(cword), LINE: line, OPTIONS_FILE: optionsFile },
    cwd: user.cwd,
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  return { replies: r.stdout.split("\n").filter(Boolean), options: readFileSync(optionsFile, "utf8") };
}

const hasBash = has("bash");
const hasBashCompletion = hasBash && spawnSync("test", ["-f", BASH_COMPLETION]).status === 0;
if (!hasBash) console.log("skipping bash completion tests: bash is not installed");
else if (!hasBashCompletion)
  console.log(`skipping the bash-completion loader test: ${BASH_COMPLETION} is missing`);

(hasBash ? describe : describe.skip)("bash", () => {
  beforeAll(async () => {
    await install("bash");
  });

  for (const load of ["bash-completion", "source"] as const) {
    (load === "bash-completion" && !hasBashCompletion ? it.skip : it)(`completes through ${load}`, () => {
      expect(bashComplete("hftool ", load).replies).toEqual(
        expect.arrayContaining(["run", "tasks", "completion", "config"]),
      );
      expect(bashComplete("hftool -t a", load).replies).toEqual(
        expect.arrayContaining(["asr", "automatic-speech-recognition"]),
      );
      const models = bashComplete("hftool -t asr -m ", load).replies;
      expect(models.length).toBeGreaterThan(1);
      expect(models.every((m) => m.startsWith("whisper"))).toBe(true);
      expect(bashComplete("hftool --js", load).replies).toEqual(["--json"]);
    });
  }

  it("completes --opt=value the way readline inserts it (only the part after '=')", () => {
    expect(bashComplete("hftool --task=a", "source").replies).toEqual(
      expect.arrayContaining(["asr", "automatic-speech-recognition"]),
    );
    expect(bashComplete("hftool --device=", "source").replies).toEqual(
      expect.arrayContaining(["cpu", "cuda"]),
    );
  });

  it("completes paths: a folder gets no trailing space, a file does", () => {
    const folder = bashComplete("hftool -t asr -i cl", "source");
    expect(folder.replies).toEqual(["clips/"]);
    expect(folder.options).toContain("-o nospace");
    const file = bashComplete("hftool -t asr -i clips/t", "source");
    expect(file.replies).toEqual(["clips/talk.wav"]);
    expect(file.options).not.toContain("nospace");
  });

  it("completes the @ file picker", () => {
    expect(bashComplete("hftool -i @", "source").replies).toEqual(
      expect.arrayContaining(["@", "@.", "@~", "@@", "@\\?", "@./"]),
    );
    expect(bashComplete("hftool -t asr -i @./clips/", "source").replies).toEqual([
      "@./clips/old/",
      "@./clips/talk.wav",
    ]);
  });
});

const hasZsh = has("zsh");
if (!hasZsh) console.log("skipping zsh completion tests: zsh is not installed");

/**
 * Runs an interactive zsh (reading $ZDOTDIR/.zshrc) in a zpty and completes each line in turn:
 * the candidates zsh was given, and the line as zsh left it.
 */
function zshComplete(lines: string[]): { hits: string[]; buffer: string }[] {
  const out = join(user.root, "zsh-hits.txt");
  writeFileSync(out, "");
  const driver = `
zmodload zsh/zpty
zpty z zsh -i
drain() { local chunk; sleep $1; while zpty -r -t z chunk 2>/dev/null; do :; done }
zpty -w z "PROMPT=''; RPROMPT=''"
zpty -w z 'compadd () { local -a __hits; builtin compadd -O __hits "$@"; print -rl -- "\${__hits[@]}" >> ${out}; builtin compadd "$@" }'
zpty -w z 'zle -C _hftool_test complete-word _main_complete; bindkey "^X" _hftool_test'
zpty -w z '_hftool_dump() { print -r -- "BUFFER=$BUFFER" >> ${out} }; zle -N _hftool_dump; bindkey "^Y" _hftool_dump'
drain 1.5
for line in "$@"; do
  print -r -- "=== $line" >> ${out}
  zpty -w -n z "$line"$'\\C-x'
  drain 2.5
  zpty -w -n z $'\\C-y'
  drain 0.3
  zpty -w -n z $'\\C-u'
  drain 0.3
done
zpty -d z
`;
  const r = spawnSync("zsh", ["-f", "-c", driver, "zsh", ...lines], {
    env,
    cwd: user.cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status).toBe(0);
  const groups: { hits: string[]; buffer: string }[] = [];
  for (const row of readFileSync(out, "utf8").split("\n")) {
    const group = groups[groups.length - 1];
    if (row.startsWith("=== ")) groups.push({ hits: [], buffer: "" });
    else if (row.startsWith("BUFFER=") && group) group.buffer = row.slice("BUFFER=".length);
    else if (row && group && !group.hits.includes(row)) group.hits.push(row);
  }
  return groups;
}

(hasZsh ? describe : describe.skip)("zsh", () => {
  it("loads the installed completion from fpath and completes commands, tasks, models, flags and @", async () => {
    await install("zsh");
    mkdirSync(join(user.home, "My Music"), { recursive: true });
    const groups = zshComplete([
      "hftool ",
      "hftool -t a",
      "hftool -t asr -m ",
      "hftool --js",
      "hftool -i @",
      "hftool -t asr -i cl",
      "hftool -o ~/My",
      "hftool -i @./clips/o",
      "hftool --device=cu",
    ]);
    const [commands, tasks, models, flags, picker] = groups.map((g) => g.hits);
    const [, , , , , folder, home, spaced, inline] = groups.map((g) => g.buffer);
    expect(commands).toEqual(expect.arrayContaining(["run", "tasks", "completion"]));
    expect(tasks).toEqual(expect.arrayContaining(["asr", "automatic-speech-recognition"]));
    expect(models!.length).toBeGreaterThan(1);
    expect(models!.every((m) => m.startsWith("whisper"))).toBe(true);
    expect(flags).toEqual(["--json"]);
    // Candidates reach compadd quoted for the command line (the shell unquotes @\? to @?).
    expect(picker).toEqual(expect.arrayContaining(["@", "@.", "@\\~", "@@", "@\\?", "@./"]));
    // What zsh inserts: folders without a trailing space, ~ left to expand, spaces quoted.
    expect(folder).toBe("hftool -t asr -i clips/");
    expect(home).toBe("hftool -o ~/My\\ Music/");
    expect(spaced).toBe("hftool -i @./clips/old/");
    expect(inline).toBe("hftool --device=cuda ");
  }, 120_000);
});

const hasFish = has("fish");
if (!hasFish) console.log("skipping fish completion tests: fish is not installed");

function fishComplete(line: string): Map<string, string> {
  // Not -N: fish must find the script where --install put it (~/.config/fish/completions).
  const r = spawnSync("fish", ["-c", `complete -C ${JSON.stringify(line)}`], {
    env,
    cwd: user.cwd,
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  return new Map(
    r.stdout
      .split("\n")
      .filter(Boolean)
      .map((row) => {
        const [value, description = ""] = row.split("\t");
        return [value!, description];
      }),
  );
}

(hasFish ? describe : describe.skip)("fish", () => {
  beforeAll(async () => {
    await install("fish");
  });

  it("completes commands and tasks with descriptions", () => {
    const commands = fishComplete("hftool ");
    expect(commands.get("completion")).toMatch(/Tab completion/);
    const tasks = fishComplete("hftool -t a");
    expect(tasks.get("asr")).toMatch(/^automatic-speech-recognition: /);
    expect(tasks.has("automatic-speech-recognition")).toBe(true);
  });

  it("completes a flag's value after a space (the empty current word reaches hftool)", () => {
    const models = [...fishComplete("hftool -t asr -m ").keys()];
    expect(models.length).toBeGreaterThan(1);
    expect(models.every((m) => m.startsWith("whisper"))).toBe(true);
  });

  it("completes --opt=value, flags, paths and the @ picker", () => {
    expect([...fishComplete("hftool --task=asr").keys()]).toContain("--task=asr");
    expect([...fishComplete("hftool --js").keys()]).toEqual(["--json"]);
    expect([...fishComplete("hftool -t asr -i cl").keys()]).toEqual(["clips/"]);
    expect([...fishComplete("hftool -i @").keys()]).toEqual(
      expect.arrayContaining(["@", "@.", "@~", "@@", "@?", "@./"]),
    );
  });
});

describe("hftool completion", () => {
  it("prints the script for a named shell, and says so when the name is wrong", async () => {
    const fish = await runCli(["completion", "fish"], { env, cwd: user.cwd });
    expect(fish.code).toBe(0);
    expect(fish.stdout).toMatch(/^# hftool completion for fish \(protocol 1, hftool /);
    const bad = await runCli(["completion", "tcsh"], { env, cwd: user.cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("tcsh");
    expect(bad.stdout).toBe("");
  });

  it("installs and uninstalls, leaving rc files byte-identical", async () => {
    const home = createTempHome("hftool-rc-");
    const zshrc = "# my zshrc\nautoload -Uz compinit\ncompinit\nbindkey -e";
    const bashrc = "export A=1\n";
    writeFileSync(join(home.home, ".zshrc"), zshrc);
    writeFileSync(join(home.home, ".bashrc"), bashrc);
    const run = (args: string[]) => runCli(args, { env: { ...home.env, ZDOTDIR: home.home }, cwd: home.cwd });
    for (const shell of ["zsh", "bash", "fish"])
      expect((await run(["completion", shell, "--install"])).code).toBe(0);
    expect(readFileSync(join(home.home, ".zshrc"), "utf8")).toContain("# >>> hftool completion >>>");
    const again = await run(["completion", "zsh", "--install", "--json"]);
    const report = JSON.parse(again.stdout) as { actions: { kind: string }[] };
    expect(report.actions.map((a) => a.kind)).toEqual(["unchanged", "unchanged"]);
    const removed = await run(["completion", "--uninstall"]);
    expect(removed.code).toBe(0);
    expect(readFileSync(join(home.home, ".zshrc"), "utf8")).toBe(zshrc);
    expect(readFileSync(join(home.home, ".bashrc"), "utf8")).toBe(bashrc);
    expect(removed.stderr).toContain("removed the completion script");
    home.cleanup();
  });

  it("answers __complete without loading yargs, ora or any inference library", () => {
    // A loader hook (module.register, in its own thread) writes down every module the real entry imports.
    const modulesFile = join(user.root, "modules.txt");
    const loader = join(user.root, "record-loader.mjs");
    const register = join(user.root, "register.mjs");
    writeFileSync(
      loader,
      'import { appendFileSync } from "node:fs";\n' +
        "export async function resolve(specifier, context, next) {\n" +
        "  const result = await next(specifier, context);\n" +
        '  appendFileSync(process.env.MODULES_FILE, result.url + "\\n");\n' +
        "  return result;\n}\n",
    );
    writeFileSync(
      register,
      `import { register } from "node:module";\nregister(${JSON.stringify(`file://${loader}`)});\n`,
    );
    writeFileSync(modulesFile, "");
    const r = spawnSync(
      process.execPath,
      ["--import", register, cliBinPath(), "__complete", "-t", "asr", "-m", ""],
      {
        env: { ...env, MODULES_FILE: modulesFile },
        cwd: user.cwd,
        encoding: "utf8",
      },
    );
    expect(r.stdout).toContain("whisper-base");
    const modules = readFileSync(modulesFile, "utf8").split("\n").filter(Boolean);
    expect(modules.some((m) => m.includes("/completion/dist/"))).toBe(true);
    for (const heavy of [
      "yargs",
      "ora",
      "@huggingface",
      "onnxruntime",
      "sharp",
      "transformers",
      "inquirer",
    ]) {
      expect(modules.filter((m) => m.includes(`/${heavy}`))).toEqual([]);
    }
    // The same hook sees yargs when the full CLI runs, so the check above can fail.
    writeFileSync(modulesFile, "");
    spawnSync(process.execPath, ["--import", register, cliBinPath(), "tasks", "-q"], {
      env: { ...env, MODULES_FILE: modulesFile },
    });
    expect(readFileSync(modulesFile, "utf8")).toContain("/yargs");
  });
});
