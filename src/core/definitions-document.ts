import { AppError } from './app-error.js';
import {
  type Definitions,
  type FrameworkKey,
  frameworks,
  type Persona,
  type QualificationField,
  type ReasonCode,
  type ReasonKind,
  requiredStageKeys,
} from './definitions.js';
import type { TeamSide } from './roles.js';
import { at, Checker, describeProblem, type Json, type ModelProblem } from './scoring/checker.js';
import type { Predicate } from './scoring/model.js';
import { checkPredicate } from './scoring/validate-predicate.js';
import { type EntryRequirement, entryRequirements, type StageKind } from './stages.js';

/**
 * The whole definitions document a version carries, checked as one piece:
 * every problem is reported with its JSON path ("stages/3/allowedTransitions/0")
 * so an editor can show them all beside the offending values.
 */

export type DefinitionsProblem = ModelProblem;

export const definitionsLimits = {
  stages: 50,
  personas: 50,
  reasonCodes: 100,
  frameworkFields: 10,
  listEntries: 20,
  name: 100,
  text: 5000,
  description: 2000,
  short: 200,
  help: 500,
} as const;

/** The stages table's key check: the same rule, stated where proposals are checked. */
const stageKeyPattern = /^[a-z][a-z0-9_]{0,39}$/;
const stageKeyHint = "1–40 lowercase letters, digits or '_', starting with a letter";
const personaKeyPattern = /^[a-z][a-z0-9_-]{0,39}$/;
const personaKeyHint = "1–40 lowercase letters, digits, '-' or '_', starting with a letter";

const stageKinds: readonly StageKind[] = ['funnel', 'route', 'exit'];
const teamSides: readonly TeamSide[] = ['marketing', 'sales'];
const reasonKinds: readonly ReasonKind[] = ['reject', 'lost'];

/**
 * Kinds the lead desk's actions rely on: a handoff is a route stage (sales
 * accepts or rejects it), and a reason code moves a lead to an exit stage.
 */
const requiredKinds: Partial<Record<(typeof requiredStageKeys)[number], StageKind>> = {
  mql: 'route',
  pql: 'route',
  cql: 'route',
  recycled: 'exit',
  disqualified: 'exit',
};

function oneOf<T extends string>(
  c: Checker,
  obj: Json,
  key: string,
  path: string,
  allowed: readonly T[],
): T | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  c.add(at(path, key), `must be one of ${allowed.join(', ')}`);
  return undefined;
}

/** Remembers keys in order and reports a second use where it happens. */
function uniqueKey(
  c: Checker,
  seen: Map<string, string>,
  key: string | undefined,
  path: string,
): void {
  if (key === undefined) return;
  const first = seen.get(key);
  if (first !== undefined) c.add(at(path, 'key'), `must be unique ("${key}" is also ${first})`);
  else seen.set(key, path);
}

function textList(c: Checker, obj: Json, key: string, path: string): void {
  const list = c.array(obj, key, path, { max: definitionsLimits.listEntries });
  list?.forEach((entry, i) => {
    const where = at(at(path, key), i);
    if (typeof entry !== 'string' || entry.trim() === '') c.add(where, 'must be some text');
    else if (entry.length > definitionsLimits.short)
      c.add(where, `must be at most ${definitionsLimits.short} characters long`);
  });
}

interface StageFacts {
  keys: Map<string, string>;
  kinds: Map<string, StageKind>;
}

function checkStage(c: Checker, stage: unknown, path: string, facts: StageFacts): void {
  if (!c.object(stage, path)) return;
  c.keys(
    stage,
    path,
    [
      'key',
      'name',
      'position',
      'kind',
      'owningTeam',
      'definition',
      'entryCriteria',
      'exitCriteria',
      'allowedTransitions',
      'entryRequirements',
    ],
    [
      'key',
      'name',
      'position',
      'kind',
      'owningTeam',
      'definition',
      'entryCriteria',
      'exitCriteria',
      'allowedTransitions',
    ],
  );
  const key = c.string(stage, 'key', path, { pattern: stageKeyPattern, patternHint: stageKeyHint });
  uniqueKey(c, facts.keys, key, path);
  c.string(stage, 'name', path, { maxLength: definitionsLimits.name });
  c.number(stage, 'position', path, { integer: true, min: 0, max: 10_000 });
  const kind = oneOf(c, stage, 'kind', path, stageKinds);
  if (key !== undefined && kind !== undefined) facts.kinds.set(key, kind);
  oneOf(c, stage, 'owningTeam', path, teamSides);
  for (const text of ['definition', 'entryCriteria', 'exitCriteria'])
    c.string(stage, text, path, { maxLength: definitionsLimits.text });
  const requirements = c.array(stage, 'entryRequirements', path, {
    max: entryRequirements.length,
  });
  const seen = new Set<unknown>();
  requirements?.forEach((r, i) => {
    const where = at(at(path, 'entryRequirements'), i);
    if (!(entryRequirements as readonly unknown[]).includes(r))
      c.add(where, `must be one of ${entryRequirements.join(', ')}`);
    else if (seen.has(r)) c.add(where, `lists "${String(r)}" twice`);
    seen.add(r);
  });
}

/** Transitions are checked once every stage key of the version is known. */
function checkTransitions(c: Checker, stages: unknown[], facts: StageFacts): void {
  stages.forEach((stage, i) => {
    if (typeof stage !== 'object' || stage === null || Array.isArray(stage)) return;
    const path = at('stages', i);
    const own = (stage as Json).key;
    const targets = c.array(stage as Json, 'allowedTransitions', path, {
      max: definitionsLimits.stages,
    });
    const seen = new Set<string>();
    targets?.forEach((t, j) => {
      const where = at(at(path, 'allowedTransitions'), j);
      if (typeof t !== 'string') c.add(where, 'must be a stage key');
      else if (t === own) c.add(where, 'must not name the stage itself');
      else if (seen.has(t)) c.add(where, `lists "${t}" twice`);
      else if (!facts.keys.has(t)) c.add(where, `"${t}" is not a stage in this version`);
      if (typeof t === 'string') seen.add(t);
    });
  });
}

function checkStages(c: Checker, doc: Json): StageFacts {
  const facts: StageFacts = { keys: new Map(), kinds: new Map() };
  const stages = c.array(doc, 'stages', '', { min: 1, max: definitionsLimits.stages });
  if (!stages) return facts;
  const positions = new Map<number, string>();
  stages.forEach((stage, i) => {
    const path = at('stages', i);
    checkStage(c, stage, path, facts);
    const position = (stage as Json | null)?.position;
    if (typeof position === 'number') {
      const first = positions.get(position);
      if (first !== undefined)
        c.add(at(path, 'position'), `must be unique (${position} is also ${first})`);
      else positions.set(position, path);
    }
  });
  checkTransitions(c, stages, facts);
  for (const key of requiredStageKeys) {
    if (!facts.keys.has(key)) {
      c.add('stages', `must include the stage "${key}" (the lead desk's actions use it)`);
      continue;
    }
    const kind = facts.kinds.get(key);
    const wanted = requiredKinds[key];
    if (wanted !== undefined && kind !== undefined && kind !== wanted)
      c.add(at(facts.keys.get(key)!, 'kind'), `must be ${wanted} for the stage "${key}"`);
  }
  return facts;
}

/** A persona's criteria describe who someone is; they cannot lean on the personas themselves. */
function refusePersonaOp(c: Checker, value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const p = value as Json;
  if (p.op === 'persona') c.add(at(path, 'op'), 'persona criteria cannot name personas');
  if ((p.op === 'all' || p.op === 'any') && Array.isArray(p.predicates))
    p.predicates.forEach((child, i) => {
      refusePersonaOp(c, child, at(at(path, 'predicates'), i));
    });
  if (p.op === 'not') refusePersonaOp(c, p.predicate, at(path, 'predicate'));
}

function checkPersonas(c: Checker, doc: Json): void {
  const personas = c.array(doc, 'personas', '', { max: definitionsLimits.personas });
  const keys = new Map<string, string>();
  personas?.forEach((persona, i) => {
    const path = at('personas', i);
    if (!c.object(persona, path)) return;
    const fields = ['key', 'name', 'description', 'goals', 'pains', 'criteria'];
    c.keys(persona, path, fields, fields);
    const key = c.string(persona, 'key', path, {
      pattern: personaKeyPattern,
      patternHint: personaKeyHint,
    });
    uniqueKey(c, keys, key, path);
    c.string(persona, 'name', path, { maxLength: definitionsLimits.name });
    c.string(persona, 'description', path, { maxLength: definitionsLimits.description });
    textList(c, persona, 'goals', path);
    textList(c, persona, 'pains', path);
    if (persona.criteria !== undefined) {
      checkPredicate(c, persona.criteria, at(path, 'criteria'), 'contact');
      refusePersonaOp(c, persona.criteria, at(path, 'criteria'));
    }
  });
}

function checkReasonCodes(c: Checker, doc: Json, stages: StageFacts): void {
  const codes = c.array(doc, 'reasonCodes', '', { max: definitionsLimits.reasonCodes });
  if (!codes) return;
  const keys = new Map<string, string>();
  const kinds = new Set<ReasonKind>();
  const exits = [...stages.kinds].filter(([, k]) => k === 'exit').map(([s]) => s);
  codes.forEach((code, i) => {
    const path = at('reasonCodes', i);
    if (!c.object(code, path)) return;
    const fields = ['key', 'label', 'kind', 'outcome'];
    c.keys(code, path, fields, fields);
    const key = c.string(code, 'key', path, {
      pattern: stageKeyPattern,
      patternHint: stageKeyHint,
    });
    uniqueKey(c, keys, key, path);
    c.string(code, 'label', path, { maxLength: definitionsLimits.short });
    const kind = oneOf(c, code, 'kind', path, reasonKinds);
    if (kind) kinds.add(kind);
    const outcome = c.string(code, 'outcome', path, { maxLength: definitionsLimits.name });
    if (outcome === undefined) return;
    if (!stages.keys.has(outcome))
      c.add(at(path, 'outcome'), `"${outcome}" is not a stage in this version`);
    else if (stages.kinds.get(outcome) !== 'exit')
      c.add(at(path, 'outcome'), `must be an exit stage (${exits.join(', ') || 'none'})`);
  });
  // Rejecting a lead and losing a deal both require a reason, so each kind needs one.
  for (const kind of reasonKinds)
    if (!kinds.has(kind)) c.add('reasonCodes', `must include at least one ${kind} reason`);
}

function checkQualification(c: Checker, doc: Json): void {
  const path = 'qualification';
  const value = doc.qualification;
  if (value === undefined || !c.object(value, path)) return;
  c.keys(value, path, ['key', 'name', 'fields'], ['key', 'name', 'fields']);
  oneOf<FrameworkKey>(c, value, 'key', path, Object.keys(frameworks) as FrameworkKey[]);
  c.string(value, 'name', path, { maxLength: definitionsLimits.name });
  const fields = c.array(value, 'fields', path, {
    min: 1,
    max: definitionsLimits.frameworkFields,
  });
  const keys = new Map<string, string>();
  fields?.forEach((field, i) => {
    const where = at(at(path, 'fields'), i);
    if (!c.object(field, where)) return;
    c.keys(field, where, ['key', 'label', 'help'], ['key', 'label']);
    const key = c.string(field, 'key', where, {
      pattern: stageKeyPattern,
      patternHint: stageKeyHint,
    });
    uniqueKey(c, keys, key, where);
    c.string(field, 'label', where, { maxLength: definitionsLimits.name });
    c.string(field, 'help', where, { maxLength: definitionsLimits.help });
  });
}

export type DefinitionsValidation =
  | { ok: true; definitions: Definitions }
  | { ok: false; problems: DefinitionsProblem[] };

/** Every problem of a definitions document, or the definitions (detached from the input). */
export function validateDefinitions(doc: unknown): DefinitionsValidation {
  const c = new Checker();
  if (!c.object(doc, '')) return { ok: false, problems: c.problems };
  const parts = ['stages', 'personas', 'reasonCodes', 'qualification'];
  c.keys(doc, '', parts, parts);
  const stages = checkStages(c, doc);
  checkPersonas(c, doc);
  checkReasonCodes(c, doc, stages);
  checkQualification(c, doc);
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, definitions: normalize(structuredClone(doc)) };
}

/** Fills in what the document may leave out, in the shape the rest of Tandem reads. */
function normalize(doc: Json): Definitions {
  const stages = (doc.stages as Json[]).map((s) => ({
    key: s.key as string,
    name: s.name as string,
    position: s.position as number,
    kind: s.kind as StageKind,
    owningTeam: s.owningTeam as TeamSide,
    definition: s.definition as string,
    entryCriteria: s.entryCriteria as string,
    exitCriteria: s.exitCriteria as string,
    allowedTransitions: s.allowedTransitions as string[],
    entryRequirements: (s.entryRequirements ?? []) as EntryRequirement[],
  }));
  const personas = (doc.personas as Json[]).map(
    (p): Persona => ({
      key: p.key as string,
      name: p.name as string,
      description: p.description as string,
      goals: p.goals as string[],
      pains: p.pains as string[],
      criteria: p.criteria as Predicate,
    }),
  );
  const reasonCodes = (doc.reasonCodes as Json[]).map(
    (r): ReasonCode => ({
      key: r.key as string,
      label: r.label as string,
      kind: r.kind as ReasonKind,
      outcome: r.outcome as string,
    }),
  );
  const q = doc.qualification as Json;
  const qualification = {
    key: q.key as FrameworkKey,
    name: q.name as string,
    fields: (q.fields as Json[]).map(
      (f): QualificationField => ({
        key: f.key as string,
        label: f.label as string,
        help: (f.help ?? '') as string,
      }),
    ),
  };
  return { stages, personas, reasonCodes, qualification };
}

/**
 * As validateDefinitions, throwing validation_failed with one field error per
 * problem; `prefix` names where the document sits in the request ("document").
 */
export function parseDefinitions(doc: unknown, prefix = 'document'): Definitions {
  const result = validateDefinitions(doc);
  if (result.ok) return result.definitions;
  const n = result.problems.length;
  throw new AppError(
    'validation_failed',
    `The definitions have ${n} problem${n === 1 ? '' : 's'}: ${result.problems.slice(0, 5).map(describeProblem).join('; ')}${n > 5 ? '; …' : ''}`,
    {
      fields: result.problems.map((p) => ({
        field: p.path === '' ? prefix : `${prefix}/${p.path}`,
        message: p.message,
      })),
    },
  );
}

/** The document of a version as clients see and edit it: stages in glossary order. */
export function definitionsDocument(d: Definitions): Definitions {
  return {
    stages: [...d.stages].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key)),
    personas: d.personas,
    reasonCodes: d.reasonCodes,
    qualification: d.qualification,
  };
}

/**
 * Whether two versions would match contacts to personas differently: the
 * order decides ties, so it counts; names and texts do not.
 */
export function personasMatchAlike(a: readonly Persona[], b: readonly Persona[]): boolean {
  const matching = (list: readonly Persona[]) =>
    JSON.stringify(list.map((p) => [p.key, canonical(p.criteria)]));
  return matching(a) === matching(b);
}

/** JSON with object keys sorted, so equal predicates compare equal whatever their key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Json)[k])]),
    );
  return value;
}
