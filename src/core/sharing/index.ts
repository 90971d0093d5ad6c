export * from './rules.ts';
export * from './review.ts';
export * from './similarity.ts';
export * from './exports.ts';
export * from './leaks.ts';
