/** A minimal external store for `useSyncExternalStore`: immutable snapshots, change listeners. */
export class Store<S extends object> {
  private listeners = new Set<() => void>();

  constructor(protected state: S) {}

  /** The current snapshot; a new object after every change. */
  readonly getSnapshot = (): S => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  protected setState(patch: Partial<S> | ((state: S) => Partial<S>)): void {
    const changes = typeof patch === "function" ? patch(this.state) : patch;
    let changed = false;
    for (const key of Object.keys(changes) as (keyof S)[]) {
      if (!Object.is(changes[key], this.state[key])) changed = true;
    }
    if (!changed) return;
    this.state = { ...this.state, ...changes };
    for (const listener of this.listeners) listener();
  }
}
