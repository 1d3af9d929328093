/** Any value JSON can hold: step outputs, custody fields, findings. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
