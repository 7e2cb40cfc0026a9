// The script-review part of the renderer contract, spread into `methods` / `events` in api.ts.
// (Filled in by the script review work: every method has a zod input and output schema.)
export const scriptMethods = {} as const;
export const scriptEvents = {} as const;
