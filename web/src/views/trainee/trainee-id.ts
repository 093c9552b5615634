import { session } from '../../auth/session';

/**
 * Which trainee record this login acts as. The API has no "who am I" read, so the trainee proves
 * it once per device with `POST /trainees/me/account` (ID number, name, phone; the same claim
 * again answers the same record) and the console remembers the id for this login.
 */
const keyOf = (): string => `peixun.traineeId.${session.identity?.sub ?? ''}`;

export const rememberedTraineeId = (): string | undefined => localStorage.getItem(keyOf()) ?? undefined;
export const rememberTraineeId = (traineeId: string): void => localStorage.setItem(keyOf(), traineeId);
export const forgetTraineeId = (): void => localStorage.removeItem(keyOf());
