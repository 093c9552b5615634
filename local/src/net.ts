import type { Server as HttpServer } from 'node:http';
import { createServer, type Server as NetServer } from 'node:net';

/** Everything binds to loopback: the runtime hands out dev tokens and keys, never to the LAN. */
export const LOOPBACK = '127.0.0.1';

/** What a port is for, named for the Chinese and the English line of an error. */
export interface PortPurpose {
  zh: string;
  en: string;
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly purpose: PortPurpose,
  ) {
    super(`端口 ${port} 已被占用，无法启动${purpose.zh}。请关闭占用该端口的程序或换一个端口。\nPort ${port} is already in use, so the ${purpose.en} cannot start.`);
    this.name = 'PortInUseError';
  }
}

/** Listens or fails with PortInUseError; a server that cannot bind must not leave the caller waiting. */
export function listen(server: NetServer | HttpServer, port: number, purpose: PortPurpose): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, purpose) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`${purpose.en}: listening on an unexpected address ${String(address)}`));
        return;
      }
      resolve(address.port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, LOOPBACK);
  });
}

export function closeServer(server: NetServer | HttpServer): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
}

/**
 * A port for a child process (Java cannot be handed a socket): probes that a fixed port is free
 * so the user gets PortInUseError instead of a Java stack trace, or picks a free one for port 0.
 * Another program could take the port in between; the engine's own exit check covers that.
 */
export async function reservePort(port: number, purpose: PortPurpose): Promise<number> {
  const probe = createServer();
  const chosen = await listen(probe, port, purpose);
  await closeServer(probe);
  return chosen;
}
