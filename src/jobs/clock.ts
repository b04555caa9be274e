/** Time and timers, injectable so tests can move time by hand (test/support/manual-clock.ts). */
export interface Clock {
  now(): Date;
  setTimer(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    // The clock never keeps a process alive on its own: stopping the server ends it.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
