export { declareCertificateHandler as handler } from './http';
