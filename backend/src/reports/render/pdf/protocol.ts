/** Messages between the PDF worker and its host (worker-host.ts). */
export type WorkerMessage =
  | { t: 'pull'; section: number }
  | { t: 'chunk'; data: Uint8Array }
  | { t: 'done'; pages: number; rows: number }
  | { t: 'error'; message: string };

export type HostMessage = { t: 'rows'; section: number; rows: unknown[][]; done: boolean };
