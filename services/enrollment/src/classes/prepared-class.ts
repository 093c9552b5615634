import type { TrainingSite } from '../institutions/sites';
import type { Division } from '../reference/divisions';
import type { Occupation } from '../reference/occupations';
import type { Violation } from '../reference/rules';
import { TRAINING_TYPE_FACTS, type TrainingTypeFacts } from '../reference/training-types';
import { approvingOffice } from './approval';
import type { ClassApplication } from './class-application';
import { sortByStart, type TimedSession, timeSession } from './schedule';
import type { ClassValidationContext } from './validation-context';

/**
 * Facts every rule needs, derived once from the application and the context, so that each
 * rule module stays a few lines about its own article.
 */
export interface PreparedClass {
  readonly application: ClassApplication;
  readonly type: TrainingTypeFacts;
  readonly occupation: Occupation | undefined;
  readonly site: TrainingSite | undefined;
  /** Sorted by start. */
  readonly sessions: readonly TimedSession[];
  readonly firstDate: string;
  readonly lastDate: string;
  /** The city whose teacher registry applies (Art. 33). */
  readonly cityCode: string | undefined;
  readonly office: Division | undefined;
}

export function prepareClass(application: ClassApplication, context: ClassValidationContext): PreparedClass {
  const sessions = sortByStart(application.sessions.map(timeSession));
  const dates = application.sessions.map((session) => session.date).sort();
  const site = context.institution.sites.find((candidate) => candidate.siteId === application.siteId);
  const project = application.projectId === undefined ? undefined : context.projects.get(application.projectId);
  const office =
    site === undefined
      ? undefined
      : approvingOffice({ siteAreaCode: site.areaCode, trainingType: application.trainingType, project }, context.divisions, context.limits);
  return {
    application,
    type: TRAINING_TYPE_FACTS[application.trainingType],
    occupation: context.catalogue.find(application.occupationCode),
    site,
    sessions,
    firstDate: dates[0] ?? '',
    lastDate: dates[dates.length - 1] ?? '',
    cityCode: site === undefined ? undefined : context.divisions.cityOf(site.areaCode)?.code,
    office,
  };
}

/** The signature every rule module exports. */
export type ClassRuleCheck = (prepared: PreparedClass, context: ClassValidationContext) => Violation[];
