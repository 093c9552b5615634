import { getDivisionsRoute, httpHandler } from '@peixun/shared';
import divisionsDocument from '../reference/data/divisions.guizhou.v1.json' with { type: 'json' };
import { logger } from '../dependencies';
import { divisionTableSchema } from '../reference/divisions';

const table = divisionTableSchema.parse(divisionsDocument);

export const handler = httpHandler(getDivisionsRoute, async () => ({ body: { version: table.version, divisions: table.divisions } }), { logger });
