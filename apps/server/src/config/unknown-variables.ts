import { closest, distance } from 'fastest-levenshtein';
import { ConfigError, type Env } from './env-readers.js';
import { DEPRECATED_VARIABLES, KNOWN_VARIABLES, OTHER_TOOLS_VARIABLES, OUR_PREFIXES } from './known-variables.js';

const known = new Set([...KNOWN_VARIABLES, ...DEPRECATED_VARIABLES, ...OTHER_TOOLS_VARIABLES]);

/**
 * Refuses a known variable that is set but empty (`PORT=`): most likely a template or an
 * `.env` line whose value went missing, and silently taking the default would hide it. Unset
 * the variable to get the default.
 */
export function checkEmptyValues(env: Env): void {
  for (const name of [...KNOWN_VARIABLES, ...DEPRECATED_VARIABLES]) {
    const value = env[name];
    if (value !== undefined && value.trim() === '') {
      throw new ConfigError(name, 'is set but empty: give it a value, or unset it to use the default');
    }
  }
}

/** The known name `name` is most likely a misspelling of, or null when none is close. */
export function nearestVariable(name: string): string | null {
  const upper = name.toUpperCase();
  const best = closest(upper, KNOWN_VARIABLES as string[]);
  const d = distance(upper, best);
  // Close enough to be the same word: a slip or two, fewer for short names.
  return d <= Math.max(1, Math.min(3, Math.floor(best.length / 4))) ? best : null;
}

/**
 * One warning per variable in `env` that looks meant for Tandem but that Tandem does not read: a
 * name with one of our prefixes (`AUTH_SECERT`), or any name one slip from a known one
 * (`DATADIR`, `port`). Each names the nearest known variable when there is one.
 */
export function unknownVariableWarnings(env: Env): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (known.has(name) || env[name] === undefined) continue;
    const ours = OUR_PREFIXES.some((prefix) => name.toUpperCase().startsWith(prefix));
    const nearest = nearestVariable(name);
    if (ours) {
      warnings.push(`${name} is not a Tandem variable and is ignored${nearest ? `: did you mean ${nearest}?` : ' (see the README configuration table)'}`);
    } else if (nearest && distance(name.toUpperCase(), nearest) <= 1 && name.length >= 4) {
      warnings.push(`${name} is not a Tandem variable and is ignored: did you mean ${nearest}?`);
    }
  }
  return warnings;
}
