import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, memberActor, systemActor } from '../../src/core/roles.js';
import { type FitReport, predictProbability } from '../../src/core/scoring/learn/fit-report.js';
import { validateScoringModel } from '../../src/core/scoring/validate-model.js';
import { updateContact } from '../../src/services/contacts/update-contact.js';
import { runImport } from '../../src/services/imports/run-import.js';
import { activateScoringModel } from '../../src/services/scoring/activate-scoring-model.js';
import { explainContactScore } from '../../src/services/scoring/explain-contact-score.js';
import { fitScoringModel } from '../../src/services/scoring/fit-scoring-model.js';
import { getScoringModel } from '../../src/services/scoring/list-scoring-models.js';
import { rescoreContacts } from '../../src/services/scoring/rescore-contacts.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import { listContactFields } from '../../src/store/contact-fields.js';
import type { Db } from '../../src/store/db.js';
import { loadTrainingBatch } from '../../src/store/scoring-training.js';
import { syntheticLeads } from '../fixtures/scoring/synthetic-leads.js';
import { databaseTargets } from '../support/databases.js';
import { addImportMembers } from '../support/imports.js';

const mapping: unknown = JSON.parse(
  fs.readFileSync(new URL('../fixtures/scoring/leads-mapping.json', import.meta.url), 'utf8'),
);
const leads = syntheticLeads();

describe.each(databaseTargets)('learned scoring on $name', (target) => {
  let db: Db;
  let marketer: Actor;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
    const marketerId = await addImportMembers(db);
    marketer = memberActor({ id: marketerId, role: 'marketing', teamId: null, name: 'Marketer' });
    const contacts = await runImport({
      db,
      actor: marketer,
      kind: 'contacts',
      csv: leads.contacts,
      mapping,
    });
    expect(contacts).toMatchObject({ created: 600, failed: 0 });
    const events = await runImport({ db, actor: marketer, kind: 'events', csv: leads.events });
    expect(events.failed).toBe(0);
    const { rows } = await db.query<{ id: string; email: string }>(
      'SELECT id, email FROM contacts',
    );
    for (const r of rows) ids.set(r.email, r.id);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('records who fills each field from the import mapping', async () => {
    expect(await listContactFields(db)).toEqual([
      { key: 'properties.sales_rating', filledBy: 'sales', label: 'Sales Rating' },
      { key: 'properties.source', filledBy: 'marketing', label: 'Source' },
    ]);
  });

  it('fits on a property outcome without sales fields and identifiers, and saves a learned draft', async () => {
    const { report, model, draft } = await fitScoringModel({
      db,
      actor: marketer,
      outcome: 'properties.converted',
      name: 'Learned from the synthetic leads',
    });
    expect(report.rows).toMatchObject({ total: 600, positives: leads.converted.length });
    const why = Object.fromEntries(report.excluded.map((e) => [e.field, e.reason]));
    expect(why).toMatchObject({
      'properties.converted': 'outcome',
      'properties.sales_rating': 'sales',
      'properties.lead_number': 'identifier',
      email: 'identifier',
      owner: 'sales',
      lifecycleStage: 'sales',
    });
    expect(report.features.map((f) => f.field).sort()).toEqual([
      'emailDomain',
      'events.page_viewed',
      'events.unsubscribed',
      'properties.minutes_on_site',
      'properties.newsletter',
      'properties.source',
    ]);
    expect(report.auc.logistic.holdout).toBeGreaterThan(0.75);
    expect(validateScoringModel(model).ok).toBe(true);

    // Stored as a draft of origin learned, with the report from which the exact probability is computed.
    const stored = await getScoringModel({ db, actor: marketer, modelId: draft!.id });
    expect(stored).toMatchObject({
      status: 'draft',
      origin: 'learned',
      name: 'Learned from the synthetic leads',
    });
    expect(stored.document).toEqual(model);
    const storedReport = stored.report as FitReport;
    expect(storedReport.auc).toEqual(report.auc);
    const [first] = await loadTrainingBatch(db, { after: null, limit: 1, stages: [] });
    expect(predictProbability(storedReport, first!.contact, first!.eventCounts)).toBe(
      predictProbability(report, first!.contact, first!.eventCounts),
    );
  });

  it('once activated, a learned version explains each contact with its exact probability too', async () => {
    const { report, draft } = await fitScoringModel({
      db,
      actor: marketer,
      outcome: 'properties.converted',
      name: 'Learned, to activate',
    });
    const { rescore } = await activateScoringModel({ db, actor: marketer, modelId: draft!.id });
    expect((await rescoreContacts({ db, rescore }))?.status).toBe('completed');
    const [first] = await loadTrainingBatch(db, { after: null, limit: 1, stages: [] });
    const explained = await explainContactScore({
      db,
      actor: marketer,
      contactId: first!.contactId,
    });
    expect(explained.model.id).toBe(draft!.id);
    expect(explained.probability).toBe(
      predictProbability(report, first!.contact, first!.eventCounts),
    );
    expect(explained.probability).toBeGreaterThan(0);
    expect(explained.probability).toBeLessThan(1);
  });

  it('takes sales-filled fields back with include (and then learns what sales knew); --no-save saves nothing', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scoring_models');
    const honest = await fitScoringModel({
      db,
      actor: marketer,
      outcome: 'properties.converted',
      save: false,
    });
    const leaky = await fitScoringModel({
      db,
      actor: marketer,
      outcome: 'properties.converted',
      include: ['sales_rating'],
      exclude: ['emailDomain'],
      save: false,
    });
    expect(leaky.draft).toBeNull();
    expect(leaky.report.features.map((f) => f.field)).toContain('properties.sales_rating');
    expect(leaky.report.features.map((f) => f.field)).not.toContain('emailDomain');
    expect(leaky.report.auc.logistic.holdout).toBeGreaterThan(
      honest.report.auc.logistic.holdout + 0.02,
    );
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scoring_models');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('learns a stage outcome, counting only the events before the contact reached it', async () => {
    // The converters become MQLs now; their October events came before, a 2099 webinar after.
    for (const email of leads.converted)
      await updateContact({
        db,
        actor: systemActor,
        contactId: ids.get(email)!,
        fields: { lifecycleStage: 'mql' },
      });
    const later = leads.converted[0]!;
    const never = [...ids.keys()].find((e) => !leads.converted.includes(e))!;
    const webinar = [
      'Email,Event,Timestamp',
      `${later},Webinar Attended,2099-01-01T00:00:00Z`,
      `${never},Webinar Attended,2099-01-01T00:00:00Z`,
    ].join('\n');
    expect((await runImport({ db, actor: marketer, kind: 'events', csv: webinar })).failed).toBe(0);

    const batch = await loadTrainingBatch(db, { after: null, limit: 1000, stages: ['mql'] });
    const byId = new Map(batch.map((r) => [r.contactId, r]));
    expect(byId.get(ids.get(later)!)).toMatchObject({ reachedStage: true });
    expect(byId.get(ids.get(later)!)!.eventCounts.webinar_attended).toBeUndefined();
    expect(byId.get(ids.get(never)!)).toMatchObject({
      reachedStage: false,
      eventCounts: expect.objectContaining({ webinar_attended: 1 }),
    });
    expect(batch.filter((r) => r.reachedStage)).toHaveLength(leads.converted.length);

    const { report } = await fitScoringModel({ db, actor: marketer, outcome: 'mql', save: false });
    expect(report.outcome.description).toBe('reached stage mql');
    expect(report.rows.positives).toBe(leads.converted.length);
    // A stage outcome leaves the converted property in as a field: here it gives the answer away.
    expect(report.auc.logistic.holdout).toBeGreaterThan(0.99);
  });

  it('refuses what it cannot learn from with one clear reason', async () => {
    const attempt = (outcome: string, actor = marketer) =>
      fitScoringModel({ db, actor, outcome, save: false });
    await expect(attempt('won')).rejects.toThrow(
      /^--outcome won: no such stage; use one of subscriber, lead/,
    );
    await expect(attempt('properties.nope')).rejects.toThrow(
      '--outcome properties.nope: no contact has this property',
    );
    await expect(attempt('customer')).rejects.toThrow(
      /^too few positives to learn from: 0 of 600 contacts reached the outcome/,
    );
    const rep = memberActor({ id: marketer.id!, role: 'sales_rep', teamId: null, name: 'Rep' });
    await expect(attempt('properties.converted', rep)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
