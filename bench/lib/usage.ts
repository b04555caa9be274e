import os from 'node:os';

/**
 * Where the CPU went during a timed phase, to tell "the server is saturated"
 * from "the box is saturated" (on a small machine the load clients and a local
 * PostgreSQL share the cores with the server).
 */
export interface Usage {
  /** CPU time of this process, all threads (the server and the load clients' worker). */
  nodeCpuMs: number;
  /** Share of the phase this thread's event loop was busy: 1 = the server is saturated. */
  serverLoopBusy: number;
  /** Busy share of all the machine's cores, whatever process used them. */
  machineBusy: number;
}

function machineTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** Starts measuring; the returned function stops and reports. */
export function measureUsage(): () => Usage {
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const machine = machineTimes();
  return () => {
    const used = process.cpuUsage(cpu);
    const serverLoopBusy = performance.eventLoopUtilization(loop).utilization;
    const after = machineTimes();
    return {
      nodeCpuMs: (used.user + used.system) / 1000,
      serverLoopBusy,
      machineBusy: 1 - (after.idle - machine.idle) / (after.total - machine.total),
    };
  };
}
