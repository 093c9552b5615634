export { fileObjectionHandler as handler } from './http';
