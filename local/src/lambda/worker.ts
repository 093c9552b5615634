/**
 * Runs inside a function's worker thread, the local stand-in for that function's Lambda execution
 * environments: its own process.env, its own module cache, handlers imported on first use
 * (a cold start) and kept warm afterwards.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { setClockOffset } from '@peixun/shared/clock';
import type { FromWorker, InvocationMeta, InvokeMessage, SerializedError, ToWorker } from './protocol';

type LambdaHandler = (event: unknown, context: Context) => unknown;

const port = parentPort;
if (port === null) throw new Error('lambda/worker.ts must run in a worker thread');

const handlers = new Map<string, Promise<LambdaHandler>>();

class HandlerEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerEntryError';
  }
}

async function importHandler(entry: string): Promise<LambdaHandler> {
  if (!existsSync(entry)) {
    throw new HandlerEntryError(`函数入口文件不存在：${entry}（处理程序可能尚未编写）。 / Handler entry file not found: ${entry}`);
  }
  const module: Record<string, unknown> = await import(pathToFileURL(entry).href);
  const handler = module.handler;
  if (typeof handler !== 'function') {
    throw new HandlerEntryError(`入口文件没有导出 handler 函数：${entry} / ${entry} does not export a function named "handler"`);
  }
  return (event, context) => handler(event, context);
}

function loadHandler(entry: string): Promise<LambdaHandler> {
  let loading = handlers.get(entry);
  if (loading === undefined) {
    loading = importHandler(entry);
    // A failed import is not cached: the file may be written while the runtime keeps running.
    loading.catch(() => handlers.delete(entry));
    handlers.set(entry, loading);
  }
  return loading;
}

/** The nodejs24.x runtime dropped callback-style handlers, so the legacy context methods refuse too. */
const callbacksUnsupported = (): never => {
  throw new Error('context.done/fail/succeed are not supported by the nodejs24.x runtime; return a value or a promise');
};

function lambdaContext(meta: InvocationMeta): Context {
  const deadlineMs = Date.now() + meta.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: meta.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: meta.invokedFunctionArn,
    memoryLimitInMB: meta.memoryLimitInMB,
    awsRequestId: meta.awsRequestId,
    logGroupName: meta.logGroupName,
    logStreamName: meta.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: callbacksUnsupported,
    fail: callbacksUnsupported,
    succeed: callbacksUnsupported,
  };
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
  }
  return { name: 'Error', message: String(error) };
}

const send = (message: FromWorker): void => port.postMessage(message);

async function invoke(message: InvokeMessage): Promise<void> {
  try {
    const handler = await loadHandler(message.entry);
    send({ type: 'started', id: message.id });
    // Set right before the call (after the import's await): handlers read `now()` from this same
    // module instance, so the offset the host sent with this invocation is the one they see.
    setClockOffset(message.meta.clockOffsetMs);
    const value = await handler(message.event, lambdaContext(message.meta));
    send({ type: 'result', id: message.id, value });
  } catch (error) {
    send({ type: 'error', id: message.id, error: serializeError(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'ping') send({ type: 'pong', id: message.id });
  else void invoke(message);
});
