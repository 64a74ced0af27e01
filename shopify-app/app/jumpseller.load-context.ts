// server.mjs puts the Jumpseller app (jumpseller-app) in the load context when it creates it.
declare module "@remix-run/node" {
  interface AppLoadContext {
    jumpseller?: { handle(request: Request): Promise<Response> };
  }
}

export {};
