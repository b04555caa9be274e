import { useRef, useState } from 'react';
import { api } from '../../api/client';
import type { BacktestRequest, BacktestResult } from './backtest-types';

export type BacktestRun =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: BacktestResult }
  | { status: 'failed'; error: Error };

/** One backtest at a time; an answer to an older request than the latest is dropped. */
export function useBacktestRun() {
  const [run, setRun] = useState<BacktestRun>({ status: 'idle' });
  const latest = useRef(0);

  async function start(request: BacktestRequest): Promise<void> {
    const id = ++latest.current;
    setRun({ status: 'running' });
    try {
      const result = await api<BacktestResult>('/api/v1/scoring/backtests', {
        method: 'POST',
        body: request,
      });
      if (id === latest.current) setRun({ status: 'done', result });
    } catch (error) {
      if (id === latest.current) setRun({ status: 'failed', error: error as Error });
    }
  }

  return { run, start };
}
