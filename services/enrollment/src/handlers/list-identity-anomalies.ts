import { Forbidden, hasRole, httpHandler, listIdentityAnomaliesRoute } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';

/** GB/T 2260 codes nest by prefix: 520000 ⊃ 520100 ⊃ 520102; an office sees its division and all below. */
const areaPrefix = (areaCode: string): string => areaCode.replace(/(00)+$/, '');

/** Records frozen by a verified take-over of their ID number, in the reviewer's division (administrators: all), newest first. */
export const handler = httpHandler(
  listIdentityAnomaliesRoute,
  async ({ auth }) => {
    const { trainees } = await enrollmentDependencies();
    if (hasRole(auth, 'admin')) return { body: { anomalies: await trainees.identityAnomalies(undefined) } };
    if (auth.areaCode === undefined || areaPrefix(auth.areaCode) === '') throw new Forbidden('您的账号未设置辖区。');
    return { body: { anomalies: await trainees.identityAnomalies(areaPrefix(auth.areaCode)) } };
  },
  { logger },
);
