export { verifyCertificateHandler as handler } from './http';
