export * from './rules.ts';
export * from './review.ts';
export * from './similarity.ts';
export * from './exports.ts';
export * from './leaks.ts';
export * from './tlp-change.ts';
export * from './search.ts';
