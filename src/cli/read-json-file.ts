import fs from 'node:fs';
import { AppError } from '../core/app-error.js';

/** A JSON document given on the command line; unreadable or broken files are one-line errors. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('validation_failed', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'validation_failed',
      `${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
}
