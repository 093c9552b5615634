/**
 * Where the runtime's own messages go. `npm start` prints them; tests pass `quiet` so the
 * reporter output stays readable, and may capture them instead.
 */
export interface RuntimeLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, cause?: unknown): void;
  /** Raw lines from a function's stdout/stderr, already prefixed with the service name. */
  output(line: string): void;
}

const describe = (cause: unknown): string =>
  cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);

export const consoleLog: RuntimeLog = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(`⚠ ${message}`),
  error: (message, cause) => console.error(cause === undefined ? `✖ ${message}` : `✖ ${message}\n${describe(cause)}`),
  output: (line) => console.log(line),
};

export const silentLog: RuntimeLog = {
  info: () => {},
  warn: () => {},
  error: () => {},
  output: () => {},
};
