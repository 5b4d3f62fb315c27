/**
 * A server Write may change both URIs of a route at once, and the tree asks about each
 * URI separately, in turn. The route is judged as it will be after the whole Write: each
 * check sees the URIs earlier checks of the same Write accepted. The Write ends either
 * with a refusal or with `written`; both call `done`, so nothing carries over.
 */
export interface RouteUris {
  readonly origin: string | undefined;
  readonly destination: string | undefined;
}

export class PendingRouteWrites {
  readonly #pending = new Map<number, RouteUris>();

  /** The route `instanceId` would be with `value` written to `field` on top of this Write's earlier URIs. */
  propose(instanceId: number, stored: RouteUris, field: keyof RouteUris, value: string | undefined): RouteUris {
    const next = { ...(this.#pending.get(instanceId) ?? stored), [field]: value };
    this.#pending.set(instanceId, next);
    return next;
  }

  done(instanceId: number): void {
    this.#pending.delete(instanceId);
  }
}
