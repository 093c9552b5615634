import { checkOutRoute } from '@peixun/shared';
import { checkHandler } from './check-handler';

export const handler = checkHandler(checkOutRoute, 'CHECK_OUT');
