import type { Rescore } from '../../../services/scoring/get-rescore.js';
import type { ScoringModelVersion } from '../../../services/scoring/list-scoring-models.js';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function presentModel(m: ScoringModelVersion) {
  return {
    id: m.id,
    version: m.version,
    name: m.name,
    status: m.status,
    note: m.note,
    origin: m.origin,
    createdBy: m.createdBy,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    activatedBy: m.activatedBy,
    activatedAt: iso(m.activatedAt),
    retiredAt: iso(m.retiredAt),
  };
}

export function presentModelWithDocument(m: ScoringModelVersion) {
  return { ...presentModel(m), document: m.document, report: m.report ?? null };
}

export function presentRescore(r: Rescore) {
  return { ...r, startedAt: r.startedAt.toISOString(), finishedAt: iso(r.finishedAt) };
}
