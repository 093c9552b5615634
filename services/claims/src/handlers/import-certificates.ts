export { importCertificatesHandler as handler } from './http';
