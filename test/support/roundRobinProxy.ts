// A small round-robin HTTP load balancer on loopback, for tests that spread one client's requests across several bot instances.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The response header naming the instance (its index in `targets`) that answered. */
export const SERVED_BY = 'x-served-by';

/**
 * Sends each request to the next instance in turn. An instance that refuses the connection (it is down) is
 * skipped and the request goes to the next; a connection that breaks once the request was sent answers 502,
 * as a load balancer would, and the client decides whether to retry. Every request opens its own upstream
 * connection, so a killed instance is noticed on the very next request rather than through a stale pooled socket.
 */
export class RoundRobinProxy {
  /** requests each instance answered */
  readonly served: number[];
  /** connections an instance refused (it was skipped), and requests that broke after being sent (502) */
  readonly refused: number[];
  readonly broken: number[];
  /** requests sent to each instance and not yet answered in full */
  readonly inFlight: number[];
  private next = 0;
  private readonly server: http.Server;
  url = '';

  constructor(private readonly targets: readonly number[]) {
    this.served = targets.map(() => 0);
    this.refused = targets.map(() => 0);
    this.broken = targets.map(() => 0);
    this.inFlight = targets.map(() => 0);
    this.server = http.createServer((req, res) => void this.forward(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const first = this.next++ % this.targets.length;
    for (let i = 0; i < this.targets.length; i++) {
      const index = (first + i) % this.targets.length;
      const outcome = await this.tryOne(index, req, body, res);
      if (outcome !== 'refused') return;
      this.refused[index]!++;
    }
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify({ error: { code: 'no_instance', message: 'No instance is accepting connections.' } }));
  }

  private tryOne(index: number, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<'done' | 'refused'> {
    return new Promise((resolve) => {
      this.inFlight[index]!++;
      let open = true;
      const settled = () => {
        if (open) this.inFlight[index]!--;
        open = false;
      };
      res.on('close', settled);
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: this.targets[index],
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: `127.0.0.1:${this.targets[index]}`, connection: 'close' },
          agent: false,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [SERVED_BY]: String(index) });
          answer.pipe(res);
          answer.on('end', () => this.served[index]!++);
          // the instance died part-way through its answer: the client sees a cut connection
          answer.on('error', () => res.destroy());
          answer.on('aborted', () => res.destroy());
          resolve('done');
        },
      );
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED') {
          settled();
          return resolve('refused');
        }
        this.broken[index]!++;
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json', [SERVED_BY]: String(index) });
          res.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'The instance went away.' } }));
        } else res.destroy();
        resolve('done');
      });
      // the client gave up (a long-poll abandoned): stop the upstream request too
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    });
  }
}
