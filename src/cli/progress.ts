/**
 * A progress line for long work: redrawn in place on a terminal, a line per
 * quarter otherwise (so CI logs and pipes stay readable).
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let lastQuarter = -1;
  let lastLabel = '';
  return (done: number, total: number, label: string) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const pct = Math.floor(ratio * 100);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${label.padEnd(24)}`,
      );
      if (ratio >= 1) stream.write('\n');
      return;
    }
    const quarter = Math.floor(ratio * 4);
    if (quarter !== lastQuarter || label !== lastLabel) {
      lastQuarter = quarter;
      lastLabel = label;
      stream.write(`${String(pct).padStart(3)}% ${label}\n`);
    }
  };
}
