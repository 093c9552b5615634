/** Training projects, class opening applications, their review and changes (Art. 7, 9, 13, 15, 18, 23, 24). */
export * from './actors';
export * from './approval';
export * from './change-requests';
export * from './class-application';
export * from './class-snapshot';
export * from './procurement';
export * from './schedule';
export * from './training-project';
export * from './validate-class-application';
export * from './validation-context';
export * from './workflow';
export { recordingRequired } from './rules/documentation-rules';
export * from './trainee-schedules';
export * from './class-access';
