// Worker entry point: registers tsx's loader in this thread (worker threads
// do not reliably inherit the parent's --import hooks), then loads the
// TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
