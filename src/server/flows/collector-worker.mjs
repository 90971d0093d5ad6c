// Entry of the collector's worker thread: TypeScript through tsx (as bin/renkei.js does), then the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./collector-worker.ts');
