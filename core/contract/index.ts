export * from './address.js';
export * from './cells.js';
export * from './grid.js';
export * from './hash.js';
export * from './layout.js';
export * from './metadata.js';
export * from './signature.js';
export * from './unit-rows.js';
