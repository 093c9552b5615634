/** Training institutions, their sites and the teacher registry (Art. 7(2), 9, 33). */
export * from './credit-code';
export * from './institution';
export * from './sites';
export * from './teachers';
export * from './registration';
export * from './teacher-registration';
