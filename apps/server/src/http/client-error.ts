// Requests that Node's HTTP parser rejects never reach Hono (oversized headers, malformed request
// lines). Answer them with the same problem documents instead of Node's bare status line.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

const reasons: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request header fields too large', 'The request headers are larger than the server accepts (16 KiB).'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request timeout', 'The request was not received in time.'],
};

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && !socket.readable)) return void socket.destroy();
    const [status, title, detail] = reasons[err.code ?? ''] ?? [400, 'Bad request', 'The request could not be parsed as HTTP.'];
    const body = JSON.stringify({ type: `https://coursecompanion.dev/problems/${status === 431 ? 'headers-too-large' : status === 408 ? 'timeout' : 'bad-request'}`, title, status, detail });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
