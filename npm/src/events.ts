// A minimal typed event emitter (no dependency on Node's `events` or the DOM's EventTarget).

/** Listener map: event name → argument tuple. */
export type EventMap = { [event: string]: unknown[] };

/** Subscribe with `on`, which returns an unsubscribe function. */
export class Emitter<E extends EventMap> {
  private listeners: { [K in keyof E]?: Set<(...args: E[K]) => void> } = {};

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(event: K, listener: (...args: E[K]) => void): () => void {
    (this.listeners[event] ??= new Set()).add(listener);
    return () => this.off(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof E>(event: K, listener: (...args: E[K]) => void): void {
    this.listeners[event]?.delete(listener);
  }

  /** Calls every listener; a throwing listener does not stop the others (it is reported asynchronously). */
  protected emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const set = this.listeners[event];
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  /** Removes every listener. */
  protected removeAllListeners(): void {
    this.listeners = {};
  }
}
