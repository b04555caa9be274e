import { useCallback, useEffect, useRef, useState } from 'react';
import { apiUpload } from '../../api/client';
import type { ImportReport, ImportRequest } from '../../api/types';

/** Where a run's request is: its body going up, or the server working on it. */
export interface UploadState {
  phase: 'uploading' | 'processing';
  sent: number;
  total: number | null;
}

export type ImportRun =
  | { status: 'idle' }
  | { status: 'running'; dryRun: boolean; fileName: string; upload: UploadState }
  | { status: 'done'; report: ImportReport }
  | { status: 'failed'; dryRun: boolean; error: Error };

/**
 * Sends one import request at a time (a dry run or the real import) and
 * follows it; starting a new one abandons the one in flight, so a slow answer
 * about an earlier file never replaces the current one.
 */
export function useImportRun() {
  const [run, setRun] = useState<ImportRun>({ status: 'idle' });
  const inFlight = useRef<AbortController | null>(null);

  const cancel = useCallback(() => {
    inFlight.current?.abort();
    inFlight.current = null;
  }, []);

  useEffect(() => cancel, [cancel]);

  const start = useCallback(
    (request: ImportRequest): Promise<ImportReport | null> => {
      cancel();
      const controller = new AbortController();
      inFlight.current = controller;
      const dryRun = request.dryRun ?? false;
      const fileName = request.fileName ?? 'the file';
      const update = (upload: UploadState) => {
        if (inFlight.current === controller) {
          setRun({ status: 'running', dryRun, fileName, upload });
        }
      };
      update({ phase: 'uploading', sent: 0, total: null });
      return apiUpload<ImportReport>('/api/v1/imports', request, {
        signal: controller.signal,
        onProgress: (sent, total) => update({ phase: 'uploading', sent, total }),
        onUploaded: () => update({ phase: 'processing', sent: 0, total: null }),
      }).then(
        (report) => {
          if (inFlight.current !== controller) return null;
          inFlight.current = null;
          setRun({ status: 'done', report });
          return report;
        },
        (error: Error) => {
          if (inFlight.current !== controller) return null;
          inFlight.current = null;
          setRun({ status: 'failed', dryRun, error });
          return null;
        },
      );
    },
    [cancel],
  );

  const reset = useCallback(() => {
    cancel();
    setRun({ status: 'idle' });
  }, [cancel]);

  return { run, start, reset };
}
