// Requests still being handled. `server.close()` waits for connections, not for handlers: a client
// that hangs up (a load balancer's timeout, a closed tab) leaves its handler running, and closing
// the database under it turns its last queries into errors. Shutdown waits for these too.
export function trackInFlight<A extends unknown[]>(fetch: (...args: A) => Response | Promise<Response>) {
  let count = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (--count === 0) for (const resolve of waiters.splice(0)) resolve();
  };
  return {
    fetch: async (...args: A): Promise<Response> => {
      count++;
      try {
        return await fetch(...args);
      } finally {
        settle();
      }
    },
    get count() {
      return count;
    },
    /** Resolves true once no request is being handled, or false after `timeoutMs`. */
    drained(timeoutMs: number): Promise<boolean> {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        waiters.push(done);
      });
    },
  };
}
