import { z } from 'zod';

// Allowlists are path globs: `*` is one path segment (or part of one), `**` any depth.
// /var/log/** allows everything under /var/log; /etc/nginx/*.conf one level of .conf files.

const GLOB = /^\/[^\u0000-\u001f\u007f]*$/;

export const pathGlobSchema = z
  .string()
  .regex(GLOB, 'expected an absolute path glob such as /var/log/** or /etc/nginx/*.conf')
  .refine((glob) => !/\*{3,}/.test(glob), 'use * for one path segment or ** for any depth, not ***');

export function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** A matcher over a list of globs: true when any of them matches the path. */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  const regexes = globs.map(globToRegex);
  return (path) => regexes.some((regex) => regex.test(path));
}
