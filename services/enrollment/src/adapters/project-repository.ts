import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TrainingProject } from '../classes/training-project';
import type { JobDemandEntry } from '../classes/validation-context';
import { getAll } from './batch-requests';
import { withoutStorageKeys } from './table-items';
import { IF_ABSENT } from './transaction-conflicts';

/**
 * Training projects (`PROJECT#<id>` / `PROJECT`, Art. 7) and the job-demand list
 * (`JOBDEMAND#<id>` / `JOBDEMAND`, Art. 4), each written once under a new id.
 */
const keys = {
  project: (projectId: string) => ({ pk: `PROJECT#${projectId}`, sk: 'PROJECT' }),
  jobDemand: (jobDemandId: string) => ({ pk: `JOBDEMAND#${jobDemandId}`, sk: 'JOBDEMAND' }),
};

export type StoredJobDemand = JobDemandEntry & { readonly areaCode: string };

export class ProjectRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createProject(project: TrainingProject): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.project(project.projectId), ...project }, ConditionExpression: IF_ABSENT }));
  }

  async createJobDemand(demand: StoredJobDemand): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.jobDemand(demand.jobDemandId), ...demand }, ConditionExpression: IF_ABSENT }));
  }

  /** What a class application links to; absent ids stay absent (the linkage rules report them). */
  async linked(ids: { projectId?: string; jobDemandId?: string }): Promise<{ projects: Map<string, TrainingProject>; jobDemands: Map<string, JobDemandEntry> }> {
    const wanted = [
      ...(ids.projectId === undefined ? [] : [keys.project(ids.projectId)]),
      ...(ids.jobDemandId === undefined ? [] : [keys.jobDemand(ids.jobDemandId)]),
    ];
    const items = wanted.length === 0 ? [] : await getAll<Record<string, unknown>>(this.client, this.tableName, wanted);
    const projects = new Map<string, TrainingProject>();
    const jobDemands = new Map<string, JobDemandEntry>();
    for (const item of items) {
      if (item.sk === 'PROJECT') {
        const project = withoutStorageKeys<TrainingProject>(item);
        projects.set(project.projectId, project);
      } else {
        const demand = withoutStorageKeys<JobDemandEntry>(item);
        jobDemands.set(demand.jobDemandId, demand);
      }
    }
    return { projects, jobDemands };
  }
}
