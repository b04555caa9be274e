import type { Clock } from '../../src/jobs/clock.js';

/** A clock that moves only when the test says so; timers fire as it passes their due time. */
export class ManualClock implements Clock {
  private timers: { at: number; fn: () => void; cancelled: boolean }[] = [];

  constructor(private t: number) {}

  now(): Date {
    return new Date(this.t);
  }

  setTimer(fn: () => void, ms: number) {
    const timer = { at: this.t + ms, fn, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves to `to`, firing every timer due on the way, earliest first. */
  advanceTo(to: number): void {
    for (;;) {
      const due = this.timers
        .filter((x) => !x.cancelled && x.at <= to)
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = to;
  }
}
