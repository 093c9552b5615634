import { listAnomaliesRoute } from '@peixun/shared/browser';
import { call } from '../../api/client';

export type Anomaly = Awaited<ReturnType<typeof call<typeof listAnomaliesRoute>>>['anomalies'][number];

export const loadAnomalies = async (): Promise<Anomaly[]> => (await call(listAnomaliesRoute, {})).anomalies;
