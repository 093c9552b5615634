import { checkInRoute } from '@peixun/shared';
import { checkHandler } from './check-handler';

export const handler = checkHandler(checkInRoute, 'CHECK_IN');
