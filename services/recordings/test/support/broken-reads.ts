import { Readable, Transform } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * Object reads whose connection breaks off part-way, for the verifier's resume tests. A middleware
 * on the client lets the first `bytes` bytes of the next GetObject bodies through, then destroys
 * the response stream with an error, as a dropped connection does. Done in the client, not the
 * emulator: fauxqs's async routes send a second time when an onSend hook swaps in a stream.
 */
export interface BrokenReads {
  /** The Range header (or 'whole') of every GetObject sent, in order. */
  readonly objectGets: string[];
  cutNextObjectGets(count: number, bytes: number): void;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function cutAfter(body: Readable, bytes: number): Readable {
  let passed = 0;
  const cut = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const rest = bytes - passed;
      if (chunk.length < rest) {
        passed += chunk.length;
        callback(null, chunk);
        return;
      }
      this.push(chunk.subarray(0, rest));
      body.destroy();
      callback(new Error('connection cut by fault injection'));
    },
  });
  return body.pipe(cut);
}

export function breakObjectReads(client: S3Client): BrokenReads {
  const objectGets: string[] = [];
  let cuts = { count: 0, bytes: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'GetObjectCommand') return result;
      const headers = isObject(args.request) && isObject(args.request.headers) ? args.request.headers : {};
      objectGets.push(typeof headers.range === 'string' ? headers.range : 'whole');
      const response = result.response;
      if (cuts.count === 0 || !isObject(response) || !(response.body instanceof Readable)) return result;
      cuts = { ...cuts, count: cuts.count - 1 };
      response.body = cutAfter(response.body, cuts.bytes);
      return result;
    },
    // Innermost, so the raw response is cut before the deserializer hands its body out.
    { step: 'deserialize', priority: 'low', name: 'breakObjectReads' },
  );
  return {
    objectGets,
    cutNextObjectGets(count, bytes) {
      cuts = { count, bytes };
    },
  };
}
