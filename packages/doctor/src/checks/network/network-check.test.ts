import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createFakeMachine, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import {
  closedPort,
  startHub,
  startProxy,
  startSilentServer,
  startUntrustedTlsServer,
  type Loopback,
} from "../../../test/helpers/loopback-servers.js";
import { startSocksProxy } from "@hftool/test-utils";
import { runDoctor } from "../../run-doctor.js";
import type { CheckResult, DoctorReport } from "../../types.js";

const TOKEN = "hf_doctorTestTokenThatMustNeverBePrinted";

let machine: FakeMachine;
const servers: Loopback[] = [];
beforeEach(() => {
  machine = createFakeMachine();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  machine.cleanup();
});

async function track<T extends Loopback>(server: Promise<T>): Promise<T> {
  const started = await server;
  servers.push(started);
  return started;
}

async function network(
  env: Record<string, string>,
  timeoutMs = 3000,
): Promise<{ result: CheckResult; report: DoctorReport }> {
  Object.assign(machine.env, env);
  const report = await runDoctor({
    checks: ["network"],
    environment: machine.environment(),
    networkTimeoutMs: timeoutMs,
  });
  return { result: report.checks[0]!, report };
}

describe("network check", () => {
  it("reaches the endpoint HF_ENDPOINT names, with its latency", async () => {
    const hub = await track(startHub());
    const { result } = await network({ HF_ENDPOINT: hub.url });
    expect(result.status).toBe("ok");
    expect(result.message).toMatch(
      new RegExp(`^${hub.url.replaceAll(".", "\\.")} answers \\(HTTP 200 in \\d+ ms\\)\\.$`),
    );
    expect(result.data).toMatchObject({ reachable: true, status: 200, token: { present: false } });
  });

  it("says whose the token is, and never prints it", async () => {
    const hub = await track(startHub({ goodToken: TOKEN }));
    const { result, report } = await network({ HF_ENDPOINT: hub.url, HF_TOKEN: TOKEN });
    expect(result.status).toBe("ok");
    expect(result.message).toMatch(/; the token belongs to ada \(read\)\.$/);
    expect(result.details).toContain("A token is set (from HF_TOKEN); its value is never shown.");
    expect(JSON.stringify(report)).not.toContain(TOKEN);

    const disabled = await network({ HF_HUB_DISABLE_IMPLICIT_TOKEN: "1" });
    expect(disabled.result.data.token).toEqual({ present: false });
  });

  it("reads the token `hf auth login` saved under HF_HOME, and warns when the Hub rejects it", async () => {
    const hub = await track(startHub({ goodToken: "hf_someoneElse" }));
    const hfHome = `${machine.home}/hf`;
    machine.write("home/hf/token", `${TOKEN}\n`);
    const { result, report } = await network({ HF_ENDPOINT: hub.url, HF_HOME: hfHome });
    expect(result.status).toBe("warning");
    expect(result.message).toContain(`the token from ${hfHome}/token is rejected (expired or revoked)`);
    expect(result.suggestions.map((s) => s.command)).toContain("hf auth login");
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it("tells a refused connection (closed port) apart", async () => {
    const port = await closedPort();
    const { result } = await network({ HF_ENDPOINT: `http://127.0.0.1:${port}` });
    expect(result.status).toBe("warning");
    expect(result.message).toBe(`127.0.0.1:${port} refused the connection: nothing listens on that port.`);
    expect(result.data.failure).toMatchObject({ kind: "refused", code: "ECONNREFUSED" });
    expect(result.suggestions.map((s) => s.command)).toContain("hftool serve");
  });

  it("tells a DNS failure apart (a .invalid host, resolved on loopback only)", async () => {
    const { result } = await network({ HF_ENDPOINT: "https://hub.invalid" });
    expect(result.status).toBe("warning");
    expect(result.message).toBe("Cannot resolve hub.invalid: the DNS lookup failed (ENOTFOUND).");
    expect(result.data.failure).toMatchObject({ kind: "dns" });
  });

  it("gives up on a server that never answers after the timeout", async () => {
    const silent = await track(startSilentServer());
    const { result } = await network({ HF_ENDPOINT: silent.url }, 400);
    expect(result.status).toBe("warning");
    expect(result.message).toBe(`127.0.0.1:${silent.port} did not answer within 0.4 s.`);
    expect(result.timedOut).toBe(false);
    expect(result.data.failure).toMatchObject({ kind: "response-timeout" });
  });

  it("tells a TLS failure apart and points at NODE_EXTRA_CA_CERTS", async () => {
    const tls = await track(startUntrustedTlsServer());
    const { result } = await network({ HF_ENDPOINT: tls.url });
    expect(result.status).toBe("warning");
    expect(result.message).toBe(
      `The TLS handshake with 127.0.0.1:${tls.port} failed (DEPTH_ZERO_SELF_SIGNED_CERT).`,
    );
    expect(result.suggestions[0]!.command).toBe("export NODE_EXTRA_CA_CERTS=/path/to/corporate-ca.pem");
  });

  it("goes through the proxy the environment names, and tells proxy failures apart", async () => {
    const hub = await track(startHub());
    const endpoint = `http://hub.localhost:${hub.port}`;

    const proxy = await track(startProxy());
    const via = await network({ HF_ENDPOINT: endpoint, HTTP_PROXY: proxy.url });
    expect(via.result.status).toBe("ok");
    expect(proxy.targets).toContain(`hub.localhost:${hub.port}`);
    expect(via.result.details[0]).toBe(`Through the proxy ${proxy.url} (from HTTP_PROXY).`);

    const port = await closedPort();
    const down = await network({ HTTP_PROXY: `http://127.0.0.1:${port}` });
    expect(down.result.status).toBe("warning");
    expect(down.result.message).toBe(
      `The proxy http://127.0.0.1:${port} (from HTTP_PROXY) refused the connection.`,
    );

    const strict = await track(startProxy({ refuseWith: 407 }));
    const auth = await network({ HTTP_PROXY: `http://user:secret@127.0.0.1:${strict.port}` });
    expect(auth.result.status).toBe("warning");
    expect(auth.result.message).toBe(
      `The proxy http://***:***@127.0.0.1:${strict.port} (from HTTP_PROXY) asks for credentials (HTTP 407).`,
    );
    expect(JSON.stringify(auth.report)).not.toContain("secret");

    const bypass = await network({ NO_PROXY: "localhost,.localhost" });
    expect(bypass.result.status).toBe("ok");
    expect(bypass.result.data.proxy).toBeNull();
  });

  it("goes through a SOCKS proxy too, and says when it refuses the login", async () => {
    const hub = await track(startHub({ goodToken: TOKEN }));
    const endpoint = `http://127.0.0.1:${hub.port}`;
    const socks = await startSocksProxy({ credentials: { username: "ada", password: "s3cret" } });
    servers.push({ port: socks.port, url: `socks5h://127.0.0.1:${socks.port}`, close: () => socks.close() });

    const via = await network({
      HF_ENDPOINT: endpoint,
      HF_TOKEN: TOKEN,
      ALL_PROXY: `socks5h://ada:s3cret@127.0.0.1:${socks.port}`,
    });
    expect(via.result.status).toBe("ok");
    expect(via.result.message).toContain("the token belongs to ada");
    expect(socks.seen).toContain(`socks5 127.0.0.1:${hub.port}`);

    const wrong = await network({ ALL_PROXY: `socks5h://ada:wrong@127.0.0.1:${socks.port}` });
    expect(wrong.result.status).toBe("warning");
    expect(wrong.result.message).toBe(
      `The proxy socks5h://***:***@127.0.0.1:${socks.port} (from ALL_PROXY) said no: Socks5 Authentication failed.`,
    );
    expect(JSON.stringify(wrong.report)).not.toContain("wrong");

    const port = await closedPort();
    const down = await network({ ALL_PROXY: `socks5h://127.0.0.1:${port}` });
    expect(down.result.message).toBe(
      `The proxy socks5h://127.0.0.1:${port} (from ALL_PROXY) refused the connection.`,
    );
  });

  it("explains a port that fetch refuses to use", async () => {
    const { result } = await network({ HF_ENDPOINT: "http://127.0.0.1:10080" });
    expect(result.status).toBe("warning");
    expect(result.message).toBe(
      '127.0.0.1:10080: port 10080 is one that fetch refuses to use (a "bad port" of the Fetch standard).',
    );
  });

  it("does not contact the Hub in offline mode", async () => {
    const port = await closedPort();
    const { result } = await network({ HF_ENDPOINT: `http://127.0.0.1:${port}`, HF_HUB_OFFLINE: "1" });
    expect(result.status).toBe("info");
    expect(result.message).toBe(
      `Offline mode is on (HF_HUB_OFFLINE): hftool uses only cached models and does not contact http://127.0.0.1:${port}.`,
    );
  });

  it("rejects an endpoint that is not an http(s) URL", async () => {
    const { result } = await network({ HF_ENDPOINT: "ftp://user:pw@mirror.example" });
    expect(result.status).toBe("error");
    expect(result.message).toBe("The Hub endpoint 'ftp://***:***@mirror.example' is not an http(s) URL.");
  });

  it("warns when the Hub answers with a server error", async () => {
    const hub = await track(startHub({ status: 503 }));
    const { result } = await network({ HF_ENDPOINT: hub.url });
    expect(result.status).toBe("warning");
    expect(result.message).toContain("answers (HTTP 503");
  });
});
