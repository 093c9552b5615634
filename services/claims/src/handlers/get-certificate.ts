export { getCertificateHandler as handler } from './http';
