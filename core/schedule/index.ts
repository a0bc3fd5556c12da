export * from './model.js';
export * from './calendar-port.js';
export * from './local-time.js';
export * from './runs.js';
export * from './check.js';
export * from './calendar.js';
