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

/** Where a note goes in the plan workbook: a task's, an indicator's or a unit's 待核对 cell. */
export function reviewKey(subject: ReviewSubject): string {
  switch (subject.kind) {
    case 'plan':
      return 'plan';
    case 'task':
    case 'responsibility':
      return `task:${subject.task}`;
    case 'indicator':
      return `indicator:${subject.code}`;
    case 'unit':
      return `unit:${subject.code}`;
  }
}

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length)}……` : text);

/** A 待核对 cell: each note, then the document's words it is about and where they stand. */
function reviewText(notes: readonly ReviewNote[]): string {
  return notes
    .map((note) => {
      const source = note.source
        ? `原文（${note.place}）：“${clip(note.source, 200)}”`
        : `见原文${note.place}`;
      return `${note.message}。${source}`;
    })
    .join('\n');
}

/** The 待核对 text of each plan item that has notes, by reviewKey. */
export function reviewTexts(notes: readonly ReviewNote[]): Map<string, string> {
  const byKey = new Map<string, ReviewNote[]>();
  for (const note of notes) {
    const key = reviewKey(note.subject);
    byKey.set(key, [...(byKey.get(key) ?? []), note]);
  }
  return new Map([...byKey].map(([key, list]) => [key, reviewText(list)]));
}
