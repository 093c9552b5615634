export { fileTrainingClaimHandler as handler } from './http';
