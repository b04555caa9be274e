import type { FastifyReply } from 'fastify';

/** A CSV client says so in Accept; a browser following a link (Accept: text/html) gets JSON unless ?format=csv. */
export function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return /(^|,)\s*text\/csv\b/i.test(accept ?? '');
}

export function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(csv);
}
