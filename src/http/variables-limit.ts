/** Bounds on the JSON of a request's `variables`, checked before GraphQL coerces them. */
export interface VariablesLimits {
  /** Deepest nesting of objects and arrays (the `variables` object itself is depth 1). */
  maxDepth: number;
  /** Most values in total (every object, array, string, number, boolean and null counts one). */
  maxValues: number;
}

/** Why a request's variables were refused. */
export interface VariablesViolation {
  /** The top-level variable at fault. */
  variable: string;
  message: string;
}

/**
 * Checks `variables` without recursion (graphql-js coerces input values recursively, so a value
 * nested a few thousand deep overflows the stack there; here it is only counted). Returns the first
 * violation, or null when the variables are within bounds or are not an object (GraphQL reports that).
 */
export function checkVariables(variables: unknown, { maxDepth, maxValues }: VariablesLimits): VariablesViolation | null {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return null;
  let values = 0;
  for (const [variable, root] of Object.entries(variables)) {
    const stack: Array<[unknown, number]> = [[root, 2]];
    while (stack.length > 0) {
      const [value, depth] = stack.pop()!;
      if (++values > maxValues) return { variable, message: `the variables hold more than ${maxValues} values` };
      if (value === null || typeof value !== 'object') continue;
      if (depth > maxDepth) return { variable, message: `variable '${variable}' nests deeper than ${maxDepth} levels` };
      for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
    }
  }
  return null;
}
