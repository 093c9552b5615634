export { resolveObjectionHandler as handler } from './http';
