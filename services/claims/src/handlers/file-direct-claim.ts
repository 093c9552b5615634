export { fileDirectClaimHandler as handler } from './http';
