export * from './check.js';
export * from './items.js';
export * from './problems.js';
export * from './scheme.js';
export * from './sources.js';
export * from './year.js';
