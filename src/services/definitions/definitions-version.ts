import type { Definitions } from '../../core/definitions.js';
import { definitionsDocument } from '../../core/definitions-document.js';
import type { StageDefinitionVersion } from '../../core/entities.js';
import type { Queryable } from '../../store/db.js';
import { type DefinitionsSignature, listSignatures } from '../../store/definition-signatures.js';
import { listProposers } from '../../store/definition-versions.js';
import { listRematches, type PersonaRematch } from '../../store/personas.js';
import { listStageVersions } from '../../store/stages.js';

/** A definitions version as the services hand it out: the document, who proposed and who signed it. */
export interface DefinitionsVersion {
  id: string;
  version: number;
  status: StageDefinitionVersion['status'];
  summary: string | null;
  proposedBy: { id: string; name: string } | null;
  createdAt: Date;
  activatedAt: Date | null;
  definitions: Definitions;
  signatures: DefinitionsSignature[];
  /** The background re-match of contacts to personas this version started, if it changed them. */
  rematch: PersonaRematch | null;
}

/** Adds proposers, signatures and re-match progress to versions the store read. */
export async function describeVersions(
  q: Queryable,
  versions: readonly StageDefinitionVersion[],
): Promise<DefinitionsVersion[]> {
  const ids = versions.map((v) => v.id);
  const [proposers, signatures, rematches] = await Promise.all([
    listProposers(q, ids),
    listSignatures(q, ids),
    listRematches(q, ids),
  ]);
  return versions.map((v) => ({
    id: v.id,
    version: v.version,
    status: v.status,
    summary: v.summary,
    proposedBy: proposers.get(v.id) ?? null,
    createdAt: v.createdAt,
    activatedAt: v.activatedAt,
    definitions: definitionsDocument(v),
    signatures: signatures.get(v.id) ?? [],
    rematch: rematches.get(v.id) ?? null,
  }));
}

/** Every version, newest first. */
export async function loadVersions(q: Queryable): Promise<DefinitionsVersion[]> {
  return describeVersions(q, await listStageVersions(q));
}
