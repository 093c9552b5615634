import { createHash } from 'node:crypto';
import type { LocalEndpoint } from '../gateway/local-endpoint';
import { readBody, sendJson } from '../http-io';
import { simulateBank, type BankSimulatorOptions } from './bank-simulator';

/** A bank file of a 50,000-line batch is about 25 MB. */
const MAX_INSTRUCTION_BYTES = 64 * 1024 * 1024;

export interface BankRates {
  readonly failureRate: number;
  readonly returnRate: number;
}

/** `PEIXUN_BANK_FAILURE_RATE` / `PEIXUN_BANK_RETURN_RATE` (0–1); 5 % and 2 % when unset. */
export function bankRatesFromEnv(env: NodeJS.ProcessEnv = process.env): BankRates {
  const rate = (name: string, fallback: number): number => {
    const value = Number(env[name] ?? fallback);
    return Number.isFinite(value) && value >= 0 && value <= 1 ? value : fallback;
  };
  return { failureRate: rate('PEIXUN_BANK_FAILURE_RATE', 0.05), returnRate: rate('PEIXUN_BANK_RETURN_RATE', 0.02) };
}

/**
 * The simulated bank of `npm start`: POST an exported pain.001 to `/_local/bank/status-report`
 * for the bank's pain.002, to `/_local/bank/return-notification` for the camt.054 of payments that
 * came back (204 when none did). The seed is the instruction's own hash unless `?seed=` says
 * otherwise, so the same file always gets the same answer.
 */
export function bankEndpoints(rates: BankRates): LocalEndpoint[] {
  const answer = async (request: Parameters<LocalEndpoint['handle']>[0]) => {
    const pain001 = await readBody(request, MAX_INSTRUCTION_BYTES);
    const seedParam = new URL(request.url ?? '/', 'http://local').searchParams.get('seed');
    const seed = seedParam === null ? createHash('sha256').update(pain001).digest().readUInt32BE(0) : Number(seedParam);
    const options: BankSimulatorOptions = { seed, ...rates, now: new Date() };
    return simulateBank(pain001, options);
  };
  const sendXml = (response: Parameters<LocalEndpoint['handle']>[1], xml: Buffer) => {
    response.writeHead(200, { 'content-type': 'application/xml', 'content-length': xml.length });
    response.end(xml);
  };
  const refused = (response: Parameters<LocalEndpoint['handle']>[1], error: unknown) =>
    sendJson(response, 400, { title: '模拟银行无法读取付款文件', detail: error instanceof Error ? error.message : String(error) });
  return [
    {
      method: 'POST',
      path: '/_local/bank/status-report',
      handle: async (request, response) => {
        try {
          sendXml(response, (await answer(request)).pain002);
        } catch (error) {
          refused(response, error);
        }
      },
    },
    {
      method: 'POST',
      path: '/_local/bank/return-notification',
      handle: async (request, response) => {
        try {
          const { camt054 } = await answer(request);
          if (camt054 === undefined) {
            response.writeHead(204);
            response.end();
          } else sendXml(response, camt054);
        } catch (error) {
          refused(response, error);
        }
      },
    },
  ];
}
