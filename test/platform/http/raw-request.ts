import { connect } from 'node:net';

/**
 * Sends a request line and headers, and no body, over a raw socket and resolves the status code.
 * `fetch` always sends the body it declares, so it cannot send the bodiless over-long request
 * an attacker would.
 */
export async function bodilessRequest(
  baseUrl: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  method = 'POST',
): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return new Promise<number>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (status?.[1]) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`no status line from ${path}: ${answer.slice(0, 200)}`)));
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** A path nobody routes: random, as a scanner or an attacker would send. */
export function randomPath(): string {
  return `/${Math.random().toString(36).slice(2)}/${Math.random().toString(36).slice(2)}`;
}
