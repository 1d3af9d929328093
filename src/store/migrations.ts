// Every module that owns tables keeps its schema in its own file and names it in src/schema.ts
// (or, above that layer, applies it itself: the server's). Append only: a migration that has
// landed is never edited.
export interface Migration {
  id: string;
  sql: string;
}
