export { listClaimsHandler as handler } from './http';
