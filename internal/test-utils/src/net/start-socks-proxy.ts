import { connect, createServer, isIPv4, type Socket } from "node:net";

/** Parameters of {@link startSocksProxy}. */
export interface StartSocksProxyParams {
  /** Ask SOCKS5 clients for this user name and password (RFC 1929); without it, no auth. */
  credentials?: { username: string; password: string };
  /** Refuse tunnels to these targets (as a proxy's rules would), answering "host unreachable". */
  refuse?: (host: string, port: number) => boolean;
}

/** A running SOCKS proxy on loopback. */
export interface SocksProxy {
  port: number;
  /**
   * Each tunnel asked for, as `socks5 host:port` (`socks4`, `socks4a`, `socks5`): the host as the
   * client sent it, so a name here means the proxy resolved it (socks5h, socks4a).
   */
  seen: string[];
  /** Clients that connected to the proxy so far (a refused login counts too). */
  readonly connections: number;
  /** Closes the server and every tunnel. */
  close(): Promise<void>;
}

/**
 * A SOCKS4/4a/5 proxy on 127.0.0.1 that handles CONNECT, as `ssh -D` or Tor offer: enough for
 * tests of clients that tunnel through SOCKS, with the targets it was asked for recorded.
 * Targets outside 127.0.0.0/8 and `localhost` are refused, so no test can reach further.
 */
export async function startSocksProxy(params: StartSocksProxyParams = {}): Promise<SocksProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((client) => {
    connections++;
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    void serve(client).catch(() => client.destroy());
  });

  async function serve(client: Socket): Promise<void> {
    client.pause();
    const { read, readUntilNul, rest } = reader(client);
    const version = (await read(1))[0];
    if (version === 4) {
      const [command, portHi, portLo, a, b, c, d] = await read(7);
      await readUntilNul(); // user id
      let host = `${a}.${b}.${c}.${d}`;
      let kind = "socks4";
      if (a === 0 && b === 0 && c === 0 && d !== 0) {
        host = await readUntilNul();
        kind = "socks4a";
      }
      const port = (portHi! << 8) | portLo!;
      seen.push(`${kind} ${host}:${port}`);
      const upstream = command === 1 ? await open(host, port) : undefined;
      client.write(Buffer.from([0, upstream ? 0x5a : 0x5b, 0, 0, 0, 0, 0, 0]));
      if (upstream) splice(client, upstream, rest());
      else client.end();
      return;
    }
    if (version !== 5) throw new Error(`SOCKS version ${version}`);
    const methods = await read((await read(1))[0]!);
    const { credentials } = params;
    const wanted = credentials ? 2 : 0;
    if (!methods.includes(wanted)) {
      client.end(Buffer.from([5, 0xff]));
      return;
    }
    client.write(Buffer.from([5, wanted]));
    if (credentials) {
      await read(1); // sub-negotiation version
      const username = (await read((await read(1))[0]!)).toString();
      const password = (await read((await read(1))[0]!)).toString();
      const ok = username === credentials.username && password === credentials.password;
      client.write(Buffer.from([1, ok ? 0 : 1]));
      if (!ok) {
        client.end();
        return;
      }
    }
    const [, command, , addressType] = await read(4);
    let host: string;
    if (addressType === 1) host = [...(await read(4))].join(".");
    else if (addressType === 3) host = (await read((await read(1))[0]!)).toString();
    else if (addressType === 4) {
      const raw = await read(16);
      host = Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16)).join(":");
    } else throw new Error(`address type ${addressType}`);
    const port = (await read(2)).readUInt16BE(0);
    seen.push(`socks5 ${host}:${port}`);
    const upstream = command === 1 ? await open(host, port) : undefined;
    // reply: 0 succeeded, 4 host unreachable, 7 command not supported; bound address 0.0.0.0:0
    const status = command !== 1 ? 7 : upstream ? 0 : 4;
    client.write(Buffer.from([5, status, 0, 1, 0, 0, 0, 0, 0, 0]));
    if (upstream) splice(client, upstream, rest());
    else client.end();
  }

  function open(host: string, port: number): Promise<Socket | undefined> {
    if (params.refuse?.(host, port)) return Promise.resolve(undefined);
    const loopback = host === "localhost" || (isIPv4(host) && host.startsWith("127."));
    if (!loopback) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const upstream = connect(port, host === "localhost" ? "127.0.0.1" : host);
      upstream.once("connect", () => resolve(upstream));
      upstream.once("error", () => resolve(undefined));
      sockets.add(upstream);
      upstream.on("close", () => sockets.delete(upstream));
    });
  }

  function splice(client: Socket, upstream: Socket, early: Buffer): void {
    if (early.length > 0) upstream.write(early);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    seen,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads a paused socket's bytes exactly as asked, keeping what arrived beyond them. */
function reader(client: Socket) {
  let pending = Buffer.alloc(0);
  async function read(n: number): Promise<Buffer> {
    while (pending.length < n) {
      const chunk = await new Promise<Buffer>((resolve, reject) => {
        const done = () => {
          client.off("data", onData);
          client.off("error", onError);
          client.off("end", onEnd);
          client.pause();
        };
        const onData = (data: Buffer) => {
          done();
          resolve(data);
        };
        const onError = (error: Error) => {
          done();
          reject(error);
        };
        const onEnd = () => onError(new Error("client closed"));
        client.on("data", onData);
        client.on("error", onError);
        client.on("end", onEnd);
        client.resume();
      });
      pending = Buffer.concat([pending, chunk]);
    }
    const head = pending.subarray(0, n);
    pending = pending.subarray(n);
    return head;
  }
  async function readUntilNul(): Promise<string> {
    const bytes: number[] = [];
    for (let b = (await read(1))[0]!; b !== 0; b = (await read(1))[0]!) bytes.push(b);
    return Buffer.from(bytes).toString("latin1");
  }
  return { read, readUntilNul, rest: () => pending };
}
