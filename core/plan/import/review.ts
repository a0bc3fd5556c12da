/**
 * What the importer could not be sure of. Each note names the plan item it is about, the words of
 * the document it came from and where they stand, so the office reviews rather than retypes.
 */

export type ReviewSubject =
  | { kind: 'plan' }
  | { kind: 'task'; task: number }
  | { kind: 'responsibility'; task: number }
  | { kind: 'indicator'; code: string }
  | { kind: 'unit'; code: string };

export interface ReviewNote {
  subject: ReviewSubject;
  /** Chinese: what was assumed and what to check. */
  message: string;
  /** The document's own words the note is about. */
  source: string;
  /** Where they stand in the document (`第12段`, `表1第3行第2列`). */
  place: string;
}
