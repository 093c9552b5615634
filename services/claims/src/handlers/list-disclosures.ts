export { listDisclosuresHandler as handler } from './http';
