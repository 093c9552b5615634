export * from './errors';
export * from './events';
export * from './routes';
export * from './schemas';
export * from './working-calendar';
