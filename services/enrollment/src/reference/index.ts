/** Reference data of the enrollment service: versioned files, their schemas and loaders. */
export * from './articles';
export * from './calendar';
export * from './certificate-levels';
export * from './divisions';
export * from './limits';
export * from './occupations';
export * from './rules';
export * from './training-types';
