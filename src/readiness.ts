import type { LoadStatus } from './models/registry.js';

/** What /health reports: loading, ok (every model loaded), failed (a load failed) or draining (shutting down). */
export type ReadinessState = 'loading' | 'ok' | 'failed' | 'draining';

/**
 * Whether the service takes traffic: ready once the catalog has loaded, until shutdown begins
 * (src/server.ts calls `drain()` on a signal, so load balancers stop routing here while in-flight
 * requests finish).
 */
export class Readiness {
  private draining = false;

  constructor(private readonly catalog: { readonly status: LoadStatus }) {}

  get state(): ReadinessState {
    if (this.draining) return 'draining';
    const status = this.catalog.status;
    return status === 'loaded' ? 'ok' : status;
  }

  /** Shutdown has begun: unready from now on, whatever loading does. */
  drain(): void {
    this.draining = true;
  }
}
