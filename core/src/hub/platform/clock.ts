/** Time as the pacer sees it: the real one, or a virtual one for tests and the benchmark. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock that only moves when someone sleeps: a 12-minute publish runs in milliseconds. */
export function virtualClock(start = 0): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    async sleep(ms) {
      t += Math.max(0, ms);
    },
    advance(ms) {
      t += ms;
    },
  };
}
