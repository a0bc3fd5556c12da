export * from './model.js';
export * from './local-time.js';
export * from './runs.js';
export * from './check.js';
