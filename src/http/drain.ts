import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** Timing of a shutdown (see `trackConnections`). */
export interface DrainOptions {
  /** The whole shutdown may take this long, in milliseconds; requests being served may use all of it. */
  graceMs: number;
  /** Nothing arrived for this long, in milliseconds: the clients have stopped sending. */
  settleMs: number;
}

/** The connections and requests of one HTTP server, and how to stop it without dropping any. */
export interface ConnectionDrain {
  /** True from the start of a shutdown: /readyz is red, and responses close their connections. */
  readonly draining: boolean;
  /** True late in a shutdown: new requests are answered 503 before anything runs. */
  readonly refusing: boolean;
  /** Runs the shutdown once, then `stop` (Apollo, other listeners); later calls get the same promise. */
  drain(stop: () => Promise<void>): Promise<void>;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * Tracks `httpServer`'s connections and requests. Call it before adding the server's own `request`
 * listener, so that a response during a shutdown is already marked to close its connection.
 *
 * The shutdown, in this order: (1) /readyz turns red and every response closes its connection;
 * requests keep being served until nothing has arrived for the settle window (at most half the grace
 * period), so those a load balancer sent before it saw the red light are served; (2) if clients keep
 * coming, new requests are answered 503 SERVICE_UNAVAILABLE (reason SHUTTING_DOWN) without being
 * run, until they stop (at most a quarter of the grace period); (3) the listener closes: new
 * connections are refused, which a client can tell from a failure (closing it while clients still
 * connect would reset the connections in its queue); (4) requests already accepted finish, and
 * connections idle for the settle window are closed (Node's own server.close() would also close
 * connections whose request it has not read yet); (5) `stop` runs.
 */
export function trackConnections(httpServer: Server, { graceMs, settleMs }: DrainOptions): ConnectionDrain {
  if (!(graceMs > 0) || !(settleMs >= 0)) throw new Error(`graceMs must be positive and settleMs not negative, got ${graceMs} and ${settleMs}`);
  let draining = false;
  let refusing = false;
  let inFlight = 0;
  let lastArrival = 0;
  /** Open connections, and those of them serving a request right now. */
  const sockets = new Set<Socket>();
  const busy = new Set<Socket>();
  httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    lastArrival = Date.now();
    socket.once('close', () => {
      sockets.delete(socket);
      busy.delete(socket);
    });
  });
  httpServer.on('request', (req, res) => {
    inFlight++;
    lastArrival = Date.now();
    busy.add(req.socket);
    res.once('close', () => {
      inFlight--;
      busy.delete(req.socket);
    });
    // while draining, keep-alive connections close after their current response
    if (draining) res.setHeader('connection', 'close');
  });

  async function shutdown(stop: () => Promise<void>): Promise<void> {
    draining = true;
    const deadline = Date.now() + graceMs;
    const listenUntil = Date.now() + graceMs / 2;
    const quiet = () => Date.now() - lastArrival >= settleMs;
    while (Date.now() < listenUntil && (inFlight > 0 || !quiet())) await pause();
    refusing = true;
    const refuseUntil = Date.now() + graceMs / 4;
    while (Date.now() < refuseUntil && !quiet()) await pause();
    // right after the poll phase has accepted what the kernel queued: closing a listener resets the
    // connections still in its queue, so the window between the last accept and the close is kept short
    await new Promise((resolve) => setImmediate(resolve));
    const listenerClosed = new Promise<void>((resolve) => NetServer.prototype.close.call(httpServer, () => resolve()));
    let idleSince = Date.now();
    while (Date.now() < deadline && sockets.size > 0) {
      if (busy.size > 0 || inFlight > 0) idleSince = Date.now();
      else if (Date.now() - idleSince >= settleMs) break;
      await pause();
    }
    for (const socket of sockets) socket.destroy();
    await listenerClosed;
    await stop();
  }

  let closing: Promise<void> | undefined;
  return {
    get draining() {
      return draining;
    },
    get refusing() {
      return refusing;
    },
    drain(stop) {
      closing ??= shutdown(stop);
      return closing;
    },
  };
}
