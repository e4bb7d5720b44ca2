/**
 * A network link between the dApp (or the indexer) and a real service, which a test can cut or hold:
 * an HTTP forwarder on a free port. "down" drops every connection (the browser sees a network error,
 * as when the service is stopped), "held" parks requests until the link is restored (the caller just
 * waits, as behind a stalled connection), "up" forwards everything unchanged.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type LinkState = "up" | "down" | "held";

export interface Link {
  /** The service's URL through the link (same path as the target's). */
  url: string;
  readonly state: LinkState;
  cut(): void;
  hold(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Hop-by-hop and body-framing headers that must not be copied between the two connections. */
const NOT_FORWARDED = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding", "content-encoding"]);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startLink(target: string): Promise<Link> {
  const upstream = new URL(target);
  let state: LinkState = "up";
  let parked: (() => void)[] = [];
  const release = () => {
    const waiting = parked;
    parked = [];
    waiting.forEach((resume) => resume());
  };

  // Read through a function: the state changes while a request waits, which narrowing cannot see.
  const current = (): LinkState => state;
  const server = createServer(async (request, response) => {
    if (current() === "down") return void request.socket.destroy();
    const body = await readBody(request);
    while (current() === "held") await new Promise<void>((resume) => parked.push(resume));
    if (current() === "down") return void request.socket.destroy();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && !NOT_FORWARDED.has(name)) headers[name] = value;
    }
    try {
      const answer = await fetch(new URL(request.url ?? "/", upstream.origin), {
        method: request.method,
        headers,
        body: request.method === "GET" || request.method === "HEAD" ? undefined : new Uint8Array(body),
      });
      const answerHeaders: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!NOT_FORWARDED.has(name)) answerHeaders[name] = value;
      });
      const payload = Buffer.from(await answer.arrayBuffer());
      response.writeHead(answer.status, answerHeaders).end(payload);
    } catch {
      request.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // Same path as the target, written as the target was (no trailing slash added to a bare origin).
  const path = upstream.pathname === "/" && !target.endsWith("/") ? "" : upstream.pathname;

  return {
    url: `http://127.0.0.1:${port}${path}${upstream.search}`,
    get state() {
      return state;
    },
    cut() {
      state = "down";
      release();
      server.closeAllConnections();
    },
    hold() {
      state = "held";
    },
    restore() {
      state = "up";
      release();
    },
    async close() {
      state = "down";
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
