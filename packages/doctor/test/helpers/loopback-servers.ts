import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import {
  connect,
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from "node:net";
import { fixture } from "./fake-machine.js";

/** A server on 127.0.0.1 and how to stop it. */
export interface Loopback {
  port: number;
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server, scheme: string, sockets: Set<Socket>): Promise<Loopback> {
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A fake Hub: `HEAD /` answers, `GET /api/whoami-v2` knows one token. */
export function startHub(options: { goodToken?: string; status?: number } = {}): Promise<Loopback> {
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    if (request.url === "/api/whoami-v2") {
      if (options.goodToken && request.headers.authorization === `Bearer ${options.goodToken}`) {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            type: "user",
            name: "ada",
            auth: { accessToken: { displayName: "laptop", role: "read" } },
          }),
        );
      } else {
        response.writeHead(401, {
          "content-type": "application/json",
          "x-error-message": "Invalid credentials in Authorization header",
        });
        response.end(JSON.stringify({ error: "Invalid credentials in Authorization header" }));
      }
      return;
    }
    response.writeHead(options.status ?? 200, { "content-type": "text/html" });
    response.end(request.method === "HEAD" ? undefined : "<html>hub</html>");
  };
  return listen(createHttpServer(handler), "http", new Set());
}

/** Accepts connections and never says a word. */
export function startSilentServer(): Promise<Loopback> {
  return listen(
    createNetServer(() => undefined),
    "http",
    new Set(),
  );
}

/** HTTPS with a self-signed certificate that no client trusts. */
export function startUntrustedTlsServer(): Promise<Loopback> {
  const server = createHttpsServer(
    { key: fixture("tls/key.pem"), cert: fixture("tls/cert.pem") },
    (_request, response) => {
      response.end("ok");
    },
  );
  return listen(server, "https", new Set());
}

/** A port that was just free: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An HTTP proxy that tunnels CONNECT requests, or refuses them with `refuseWith` (407 asks for
 * credentials). Records the targets it was asked for.
 */
export async function startProxy(
  options: { refuseWith?: number } = {},
): Promise<Loopback & { targets: string[] }> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_request, response) => {
    response.writeHead(400);
    response.end("CONNECT only");
  });
  server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(request.url ?? "");
    sockets.add(client);
    if (options.refuseWith) {
      client.end(
        `HTTP/1.1 ${options.refuseWith} ${options.refuseWith === 407 ? "Proxy Authentication Required" : "Forbidden"}\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    const [host, port] = (request.url ?? "").split(":");
    // Tests talk to loopback only, even through the proxy.
    if (!(host === "127.0.0.1" || host === "localhost" || host?.endsWith(".localhost"))) {
      client.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const upstream = connect(Number(port), "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const loopback = await listen(server, "http", sockets);
  return { ...loopback, targets };
}
