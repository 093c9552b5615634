/**
 * The browser-safe part of the shared package (`@peixun/shared/browser`): route and event
 * contracts, their error catalogues, the validation schemas and the roles, so the web console
 * validates forms and answers with the very schemas the handlers use. The root barrel also pulls
 * in middy, Powertools, the AWS SDK and node:crypto, which a browser bundle must not carry; every
 * module listed here imports only zod and its siblings (type-only imports aside), and
 * `web/test/shared-browser-export.test.ts` holds that line.
 */
export * from './roles';
export * from './errors';
export * from './http/route-contract';
export { fieldsFromZod, problemSchema, PROBLEM_CONTENT_TYPE, type Problem } from './http/problem';
export * from './validation/person';
export * from './validation/resident-id';
export * from './validation/training';
export * from './contracts/enrollment/errors';
export * from './contracts/enrollment/routes';
export * from './contracts/enrollment/trainee';
export * from './contracts/enrollment/institutions';
export * from './contracts/enrollment/teachers';
export * from './contracts/enrollment/reference';
export * from './contracts/enrollment/classes';
export * from './contracts/enrollment/documents';
export * from './contracts/enrollment/roster';
export * from './contracts/enrollment/projects';
export * from './contracts/attendance/errors';
export * from './contracts/attendance/routes';
export * from './contracts/recordings/errors';
export * from './contracts/recordings/routes';
export * from './contracts/recordings/schemas';
export * from './contracts/claims/errors';
export * from './contracts/claims/payment-events';
export * from './contracts/claims/schemas';
export * from './contracts/claims/routes';
export * from './contracts/payments/errors';
export * from './contracts/payments/routes';
export * from './contracts/payments/fund-use';
