import { describe, expect, it } from "@jest/globals";
import { errors } from "undici";
import { classifyNetworkError } from "./classify-network-error.js";

// The loopback tests cover DNS, refused, silent servers, TLS and proxies for real. A connection
// that times out needs a network that drops packets, which loopback never does: these use the
// error objects undici and Node create in that case.
describe("classifyNetworkError", () => {
  const fetchFailed = (cause: unknown) => Object.assign(new TypeError("fetch failed"), { cause });

  it("recognises undici's and the kernel's connect timeouts", () => {
    expect(
      classifyNetworkError(fetchFailed(new errors.ConnectTimeoutError()), { viaProxy: false }).kind,
    ).toBe("connect-timeout");
    const etimedout = Object.assign(new Error("connect ETIMEDOUT 10.0.0.1:443"), { code: "ETIMEDOUT" });
    expect(classifyNetworkError(fetchFailed(etimedout), { viaProxy: false })).toMatchObject({
      kind: "connect-timeout",
      code: "ETIMEDOUT",
    });
  });

  it("blames the proxy for connection failures when one is in the way", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3128"), { code: "ECONNREFUSED" });
    expect(classifyNetworkError(fetchFailed(refused), { viaProxy: true }).kind).toBe("proxy");
    expect(classifyNetworkError(fetchFailed(refused), { viaProxy: false }).kind).toBe("refused");
  });

  it("recognises unreachable networks", () => {
    const unreachable = Object.assign(new Error("connect ENETUNREACH 10.0.0.1:443"), { code: "ENETUNREACH" });
    expect(classifyNetworkError(fetchFailed(unreachable), { viaProxy: false }).kind).toBe("unreachable");
  });
});
