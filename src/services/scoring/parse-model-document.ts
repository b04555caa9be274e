import { AppError } from '../../core/app-error.js';
import type { ScoringModel } from '../../core/scoring/model.js';
import { parseScoringModel } from '../../core/scoring/validate-model.js';

/** The model in a request's `document` field; its problems are named by their path in the request. */
export function parseModelDocument(document: unknown): ScoringModel {
  try {
    return parseScoringModel(document);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError(error.code, error.message, {
      fields: error.fields.map((f) => ({
        field: f.field === 'model' ? 'document' : `document/${f.field}`,
        message: f.message,
      })),
    });
  }
}
