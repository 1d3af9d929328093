/** The options every command accepts (set on the program, read with optsWithGlobals). */
export interface GlobalOptions {
  json?: boolean;
  db?: string;
  evidenceDir?: string;
  home?: string;
  config?: string;
  runbooks?: string;
  as?: string;
}
