export * from './iso-date.js';
export * from './period.js';
export * from './working-days.js';
