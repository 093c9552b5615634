import type { DocumentKind, DocumentStatus, Sex, TargetGroup, VerificationStatus } from '@peixun/shared';
import type { Institution } from '../institutions/institution';
import type { Teacher } from '../institutions/teachers';
import type { DivisionTable } from '../reference/divisions';
import type { Limits } from '../reference/limits';
import type { OccupationCatalogue } from '../reference/occupations';
import type { TrainingProject } from './training-project';

/**
 * Everything the class rules need to know about the world, handed in as data: the domain
 * does no look-ups of its own, so the same rules run in a Lambda, in a test and in a batch.
 */

/** A registered trainee as the real-name registry knows them (Art. 27). */
export interface TraineeFacts {
  readonly traineeId: string;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly birthDate: string;
  readonly sex: Sex;
  readonly targetGroups: readonly TargetGroup[];
  /** Real-name verification by the provincial authority (实名核验); only verified people may be enrolled. */
  readonly verification: VerificationStatus;
}

/** A session of another class a trainee is already on (or a teacher already teaches), for the overlap rules. */
export interface BookedSession {
  readonly classId: string;
  readonly className: string;
  readonly sessionId: string;
  /** ISO-8601 with offset. */
  readonly startsAt: string;
  readonly endsAt: string;
}

/** An entry of the job-demand list (岗位清单, Art. 4) a long-term class is opened against. */
export interface JobDemandEntry {
  readonly jobDemandId: string;
  readonly occupationCode: string;
  readonly employerName: string;
  readonly positions: number;
  /** 岗位有效期 (Art. 4): the last day the demand stands. */
  readonly validUntil: string;
}

/** An uploaded application document (Art. 23) as the rules see it: whose, what, and whether it passed its check. */
export interface DocumentFacts {
  readonly documentId: string;
  readonly institutionId: string;
  readonly kind: DocumentKind;
  readonly status: DocumentStatus;
}

export interface ClassValidationContext {
  readonly catalogue: OccupationCatalogue;
  readonly divisions: DivisionTable;
  readonly limits: Limits;
  readonly institution: Institution;
  readonly teachers: ReadonlyMap<string, Teacher>;
  readonly trainees: ReadonlyMap<string, TraineeFacts>;
  readonly otherSessionsByTrainee: ReadonlyMap<string, readonly BookedSession[]>;
  /** By teacher id: the sessions of other approved classes that teacher teaches. */
  readonly otherSessionsByTeacher: ReadonlyMap<string, readonly BookedSession[]>;
  readonly jobDemands: ReadonlyMap<string, JobDemandEntry>;
  readonly projects: ReadonlyMap<string, TrainingProject>;
  /** By id: the documents the materials and the roster's application forms name, as far as they exist. */
  readonly documents: ReadonlyMap<string, DocumentFacts>;
}

export function traineeLabel(trainee: Pick<TraineeFacts, 'name' | 'idNumberMasked'>): string {
  return `${trainee.name}（${trainee.idNumberMasked}）`;
}
