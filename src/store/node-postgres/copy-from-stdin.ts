import type pg from 'pg';

/**
 * `COPY … FROM STDIN` for node-postgres without pg-copy-streams: pg accepts
 * any object with `submit(connection)` as a query (a "Submittable") and hands
 * it the backend's copy-in messages; this is the same contract pg-copy-streams
 * is built on, reduced to sending one prepared buffer.
 */
interface CopyConnection extends pg.Connection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** Small enough to interleave with the server's reads, large enough to keep per-message overhead negligible. */
const chunkBytes = 64 * 1024;

class CopyIn implements pg.Submittable {
  private rows = 0;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly settle: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: pg.Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (let at = 0; at < this.data.length; at += chunkBytes)
      connection.sendCopyFromChunk(this.data.subarray(at, at + chunkBytes));
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.rows = Number(/^COPY (\d+)/.exec(message.text)?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    this.settle(null, this.rows);
  }

  // pg drops the active query on an error, so no ReadyForQuery follows for it: settle here.
  handleError(error: Error): void {
    this.settle(error, 0);
  }
}

/** Runs `COPY <table> (<columns>) FROM STDIN` with `data` in text format; resolves with the rows copied. */
export function copyFromStdin(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  data: Buffer,
): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(
      new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, data, (error, rows) =>
        error ? reject(error) : resolve(rows),
      ),
    );
  });
}
