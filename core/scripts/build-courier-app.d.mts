export const COURIER_APP_DIR: string;
/** Returns both bundles; writes them to dist/courier-app unless `write` is false. */
export function buildCourierApp(options?: { write?: boolean }): Promise<{ app: string; serviceWorker: string }>;
