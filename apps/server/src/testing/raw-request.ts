// A plain node:http request for cases fetch cannot express: a Content-Length the body does not
// have, or a body the server may refuse before reading it.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: number; chunkSize?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      res.on('end', done);
      res.on('close', done);
    });
    // Once the server has answered it may close while we are still writing; that is not an error.
    req.on('error', (e) => (answered ? undefined : reject(e)));
    if (options.chunks) {
      // One chunk per tick, and stop as soon as the server answers, as a well-behaved client does:
      // a server that refuses a body closes the connection without reading the rest.
      const chunk = 'x'.repeat(options.chunkSize ?? 64 * 1024);
      let sent = 0;
      const pump = () => {
        if (answered || req.destroyed) return;
        if (sent++ >= options.chunks!) return void req.end();
        if (req.write(chunk)) setImmediate(pump);
        else req.once('drain', pump);
      };
      pump();
    } else {
      req.end(options.body);
    }
  });
}
