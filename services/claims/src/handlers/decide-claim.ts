export { decideClaimHandler as handler } from './http';
