export { getClaimHandler as handler } from './http';
