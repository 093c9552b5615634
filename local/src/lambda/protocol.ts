/** Messages between the function host (main thread) and a function's worker thread. */

/** What the worker needs to build a Lambda context; the deadline is absolute (epoch ms). */
export interface InvocationMeta {
  awsRequestId: string;
  functionName: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /**
   * The function's timeout. Its clock starts once the handler is loaded, as Lambda times the init
   * phase apart from the invocation: a cold start in a busy machine must not eat the handler's time.
   */
  timeoutMs: number;
  /**
   * How far the runtime's clock is moved from the system time (`runtime.setClock`), applied by
   * the worker before the handler runs so `now()` from `@peixun/shared` answers the test's time.
   */
  clockOffsetMs: number;
}

export interface InvokeMessage {
  type: 'invoke';
  id: number;
  entry: string;
  event: unknown;
  meta: InvocationMeta;
}

/** Asked after a timeout: a worker stuck in synchronous code cannot answer and gets replaced. */
export interface PingMessage {
  type: 'ping';
  id: number;
}

export type ToWorker = InvokeMessage | PingMessage;

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type FromWorker =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'pong'; id: number }
  /** The handler is loaded and about to run: the invocation's timeout starts now. */
  | { type: 'started'; id: number };
