export * from './result.js';
export { canonicalText, foldWidth, isBlankMarker, readInput, type CellInput } from './input.js';
export * from './number.js';
export * from './percent.js';
export * from './date.js';
export * from './excel-serial.js';
export * from './text.js';
export * from './yes-no.js';
