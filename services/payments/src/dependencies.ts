import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, dynamoDbClient, loadPiiCipher, now, requireEnv, RESOURCE_ENV, type AuthContext } from '@peixun/shared';
import { FundUseRepository } from './adapters/fund-use-repository';
import { PaymentsRepository } from './adapters/payments-repository';
import { noCrash, type Actor, type PaymentsApp } from './app/ports';
import { loadPaymentsSettings } from './config';

let cached: Promise<PaymentsApp> | undefined;

/** Built once per cold start; every variable is checked before the first request is served. */
export function paymentsApp(): Promise<PaymentsApp> {
  cached ??= (async () => {
    const tableName = requireEnv(RESOURCE_ENV.table);
    const documents = DynamoDBDocumentClient.from(dynamoDbClient(), { marshallOptions: { removeUndefinedValues: true } });
    return {
      repo: new PaymentsRepository(documents, tableName),
      fundUse: new FundUseRepository(documents, tableName),
      cipher: await loadPiiCipher(),
      settings: loadPaymentsSettings(),
      now: () => now(),
      crash: noCrash,
    };
  })();
  return cached;
}

export const actorOf = (auth: AuthContext): Actor => ({ sub: auth.sub, name: auth.username, areaCode: auth.areaCode });

export const logger = createLogger('payments');
