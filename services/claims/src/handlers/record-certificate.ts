export { recordCertificateHandler as handler } from './http';
