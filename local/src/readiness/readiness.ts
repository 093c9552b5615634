import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { sendJson } from '../http-io';

/** The parts of the local runtime, in the order they usually become ready, with their Chinese names. */
export const RUNTIME_PARTS = {
  dynamodb: 'DynamoDB Local 数据库',
  s3: 'S3 模拟服务',
  events: '事件总线',
  tables: '数据表与存储桶',
  functions: '服务函数',
  gateway: 'HTTP 网关',
} as const;
export type RuntimePart = keyof typeof RUNTIME_PARTS;

/** `npm start` adds the demo world; it does not hold the API back (the seed goes through it). */
export const DEMO_PART = { demo: '演示数据' } as const;

/** How long a client is asked to wait before trying again while the runtime starts. */
export const RETRY_AFTER_SECONDS = 2;

export class Readiness {
  readonly #pending = new Map<string, string>();
  readonly #gating = new Set<string>();

  constructor(parts: Readonly<Record<string, string>> = RUNTIME_PARTS) {
    this.expect(parts, true);
  }

  /** More parts to wait for; `gating` ones hold the API at 503 until ready. */
  expect(parts: Readonly<Record<string, string>>, gating = false): void {
    for (const [part, label] of Object.entries(parts)) {
      this.#pending.set(part, label);
      if (gating) this.#gating.add(part);
    }
  }

  ready(part: string): void {
    this.#pending.delete(part);
  }

  /** Parts still starting, with their names. */
  get starting(): Array<{ part: string; name: string }> {
    return [...this.#pending].map(([part, name]) => ({ part, name }));
  }

  get apiReady(): boolean {
    return [...this.#gating].every((part) => !this.#pending.has(part));
  }

  get allReady(): boolean {
    return this.#pending.size === 0;
  }
}

const startingMessage = (readiness: Readiness): string =>
  `本地运行环境正在启动，尚未就绪：${readiness.starting.map((part) => part.name).join('、')}。请 ${RETRY_AFTER_SECONDS} 秒后重试。`;

export const HEALTH_PATH = '/_local/health';

function health(readiness: Readiness, response: ServerResponse): void {
  const starting = readiness.starting;
  if (readiness.allReady) {
    sendJson(response, 200, { status: 'ready', message: '本地运行环境已就绪。', starting });
    return;
  }
  sendJson(response, 503, { status: 'starting', message: startingMessage(readiness), starting }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}

/**
 * The API port's listener from the moment it opens: `GET /_local/health` is always answered, and
 * until the gateway is installed and every gating part is ready every other request gets 503 with
 * `Retry-After` and a Chinese message at once, so nothing that reaches the port ever hangs.
 */
export function readinessGate(readiness: Readiness): { listener: RequestListener; install(gateway: RequestListener): void } {
  let gateway: RequestListener | undefined;
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'GET' && (request.url ?? '').split('?')[0] === HEALTH_PATH) {
      health(readiness, response);
      return;
    }
    if (gateway !== undefined && readiness.apiReady) {
      gateway(request, response);
      return;
    }
    request.resume();
    sendJson(response, 503, { message: startingMessage(readiness), starting: readiness.starting }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
  };
  return {
    listener,
    install(installed) {
      gateway = installed;
    },
  };
}
