export { listCertificatesHandler as handler } from './http';
