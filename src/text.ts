// Wording shared by anything that prints counts to a person.

/** "1 process", "3 processes", "0 files": the count with the noun that agrees with it. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
