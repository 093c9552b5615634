/** Roster import (花名册): CSV and XLSX, streamed, validated row by row (Art. 23, 27). */
export * from './columns';
export * from './csv-source';
export * from './import-roster';
export * from './row-validation';
export * from './sheet-row';
export * from './xlsx-source';
export * from './registered-roster';
