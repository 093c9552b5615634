import { maskResidentId, NotFound } from '@peixun/shared';
import type { ClassApplication } from '../classes/class-application';
import { otherTaughtSessions, type TeacherSchedule, teacherIdsOf } from '../classes/teacher-schedules';
import { otherBookedSessions, type TraineeSchedule } from '../classes/trainee-schedules';
import type { ClassValidationContext, DocumentFacts, TraineeFacts } from '../classes/validation-context';
import type { EnrollmentDependencies } from '../dependencies';

/** What the class rules need to know, read from the table at this moment, plus the schedules read for the overlap rules. */
export interface ClassWorld {
  readonly context: ClassValidationContext;
  readonly schedules: ReadonlyMap<string, TraineeSchedule>;
  readonly teacherSchedules: ReadonlyMap<string, TeacherSchedule>;
}

export async function loadClassWorld(deps: EnrollmentDependencies, application: ClassApplication): Promise<ClassWorld> {
  const rosterIds = application.roster.map((entry) => entry.traineeId);
  const teacherIds = teacherIdsOf(application);
  const [institution, teachers, trainees, schedules, teacherSchedules, published, divisions, linked, documents] = await Promise.all([
    deps.institutions.find(application.institutionId),
    deps.teachers.findMany(teacherIds),
    deps.trainees.findMany(rosterIds),
    deps.classes.schedules(rosterIds),
    deps.classes.teacherSchedules(teacherIds),
    deps.reference.currentCatalogue(),
    deps.reference.currentDivisions(),
    deps.projects.linked({
      ...(application.projectId === undefined ? {} : { projectId: application.projectId }),
      ...(application.jobDemandId === undefined ? {} : { jobDemandId: application.jobDemandId }),
    }),
    deps.documents.findMany(documentIdsOf(application)),
  ]);
  if (institution === undefined) throw new NotFound('培训机构', application.institutionId);
  const facts = new Map<string, TraineeFacts>(
    [...trainees.values()].map((trainee) => [
      trainee.traineeId,
      {
        traineeId: trainee.traineeId,
        name: trainee.name,
        idNumberMasked: maskResidentId(trainee.idNumber),
        birthDate: trainee.birthDate,
        sex: trainee.sex,
        targetGroups: trainee.targetGroups,
        verification: trainee.verification.status,
      },
    ]),
  );
  return {
    schedules,
    teacherSchedules,
    context: {
      catalogue: published.catalogue,
      divisions: divisions.table,
      limits: deps.limits,
      institution,
      teachers,
      trainees: facts,
      otherSessionsByTrainee: otherBookedSessions(schedules, application.classId),
      otherSessionsByTeacher: otherTaughtSessions(teacherSchedules, application.classId),
      jobDemands: linked.jobDemands,
      projects: linked.projects,
      documents: new Map<string, DocumentFacts>(
        [...documents.values()].map(({ documentId, institutionId, kind, status }) => [documentId, { documentId, institutionId, kind, status }]),
      ),
    },
  };
}

/** Every document id the application names: its materials and the roster's application forms. */
function documentIdsOf(application: ClassApplication): string[] {
  return [
    ...application.materials.map((material) => material.documentId),
    ...application.roster.flatMap((entry) => (entry.applicationFormId === undefined ? [] : [entry.applicationFormId])),
  ];
}
