import { createServer } from "node:http";

/** A running {@link startEchoServer}. */
export interface EchoServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that answers every request with what it received, as one line:
 * `METHOD PATH host=HOST BODY` (the body left out when empty). For tests of clients that go
 * through proxies: what arrives shows what the client sent.
 */
export async function startEchoServer(): Promise<EchoServer> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => res.end(`${req.method} ${req.url} host=${req.headers.host} ${body}`.trim()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
