// A scripted OpenAI-compatible chat-completions server on loopback, for tests: each request is
// answered by the next reply of the script (a streamed answer with pauses, a cut stream, or an
// HTTP error), and every request body is kept for assertions.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | {
      kind: 'stream';
      /** Pieces of content, each sent after its delay (ms, from the previous piece). */
      pieces: { afterMs?: number; text: string }[];
      /** Close the socket after the pieces, with no finish reason or [DONE]. */
      cut?: boolean;
      usage?: { prompt_tokens: number; completion_tokens: number };
      model?: string;
    }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> };

export interface FakeOpenAI {
  /** The base URL to configure (…/v1). */
  baseUrl: string;
  requests: unknown[];
  /** Replies for the next requests, in order; past the end, the last one repeats. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

/** A reply that streams `text` in pieces of `size` characters, without pauses. */
export function streamOf(text: string, options: { size?: number; usage?: { prompt_tokens: number; completion_tokens: number } } = {}): Reply {
  const size = options.size ?? 40;
  const pieces: { text: string }[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push({ text: text.slice(i, i + size) });
  return { kind: 'stream', pieces, usage: options.usage ?? { prompt_tokens: 1000, completion_tokens: 400 } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let replies: Reply[] = [{ kind: 'status', status: 500, body: { error: { message: 'no script' } } }];
  const requests: unknown[] = [];
  const open = new Set<ServerResponse>();

  const chunk = (model: string, delta: object, finish: string | null) => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const body: Buffer[] = [];
    for await (const part of req) body.push(part as Buffer);
    requests.push(JSON.parse(Buffer.concat(body).toString('utf8')));
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    if (reply.kind === 'status') {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? { error: { message: `status ${reply.status}`, type: 'server_error' } }));
      return;
    }
    const model = reply.model ?? 'fake-model';
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: unknown) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    send(chunk(model, { role: 'assistant', content: '' }, null));
    for (const piece of reply.pieces) {
      if (piece.afterMs) await sleep(piece.afterMs);
      if (res.destroyed) return;
      send(chunk(model, { content: piece.text }, null));
    }
    if (reply.cut) {
      res.socket?.destroy();
      return;
    }
    send(chunk(model, {}, 'stop'));
    if (reply.usage) send({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [], usage: { ...reply.usage, total_tokens: reply.usage.prompt_tokens + reply.usage.completion_tokens } });
    send('[DONE]');
    res.end();
  }

  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    answer(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...next) => {
      replies = next;
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
