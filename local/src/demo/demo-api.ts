import type { LocalRuntime } from '../runtime';

export interface DemoResponse {
  status: number;
  body: unknown;
}

/** A 4xx/5xx the demo world did not expect: the seed stops and says which call and why. */
export class DemoRefused extends Error {
  constructor(method: string, path: string, response: DemoResponse) {
    super(`演示数据写入失败 / demo data refused: ${method} ${path} → ${response.status} ${JSON.stringify(response.body)}`);
    this.name = 'DemoRefused';
  }
}

/**
 * The seed's way into the system: the public HTTP API with a seeded user's token, so the demo
 * records pass the same rules as anyone's input. Answers are read back (ids are the server's).
 */
export class DemoApi {
  constructor(private readonly runtime: Pick<LocalRuntime, 'urls' | 'issuer'>) {}

  async call(as: string, method: string, path: string, body?: unknown, accepted: readonly number[] = []): Promise<DemoResponse> {
    const response = await fetch(`${this.runtime.urls.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.runtime.issuer.tokenFor(as)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const answer: DemoResponse = { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    if (!response.ok && !accepted.includes(response.status)) throw new DemoRefused(method, path, answer);
    return answer;
  }

  /** The body of a successful answer, for reading the ids the server assigned. */
  async send<T>(as: string, method: string, path: string, body?: unknown): Promise<T> {
    return (await this.call(as, method, path, body)).body as T;
  }
}
