import type { ApolloServerPlugin } from '@apollo/server';
import { appendAudit } from '../../data/audit.js';
import { relationshipId } from '../../data/relationships.js';
import { CLASSIFICATIONS } from '../../ontology.js';
import type { Context } from '../context.js';

export interface AuditOptions {
  /** Lowest classification level whose presence in a response is audited (2 = CONFIDENTIAL). */
  minLevel?: number;
}

/**
 * Audits reads of classified data: while fields resolve, every entity or relationship at or above
 * `minLevel` is noted; before the response leaves, one AuditEvent is committed. If that fails, the
 * data is withheld rather than served unaudited. (Writes audit themselves, in their transaction.)
 */
export function useAudit({ minLevel = 2 }: AuditOptions = {}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let rootFields: string[] = [];
      let isMutation = false;
      return {
        async didResolveOperation({ contextValue, operationName, operation }) {
          contextValue.operationName = operationName ?? null;
          isMutation = operation?.operation === 'mutation';
          rootFields = operation?.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : [])) ?? [];
        },
        async executionDidStart() {
          return {
            willResolveField({ source, contextValue }) {
              const level = (source as { classificationLevel?: unknown } | null)?.classificationLevel;
              if (typeof level !== 'number' || level < minLevel) return;
              const s = source as { id?: string; from?: string; type?: string; to?: string };
              const id = s.id ?? (s.from && s.type && s.to ? relationshipId(s as { from: string; type: never; to: string }) : undefined);
              if (id) contextValue.classified.set(id, level);
            },
          };
        },
        async willSendResponse({ contextValue, response }) {
          const { classified } = contextValue;
          if (isMutation || classified.size === 0) return;
          try {
            await appendAudit(contextValue.db, {
              kind: 'READ',
              operation: `${contextValue.operationName ?? 'anonymous'}:${rootFields.join(',')}`,
              viewer: contextValue.viewer,
              ids: [...classified.keys()].sort(),
              maxClassification: CLASSIFICATIONS[Math.max(...classified.values())],
            });
          } catch {
            if (response.body.kind === 'single') {
              response.body.singleResult = {
                errors: [{ message: 'the audit trail is unavailable, so classified data is withheld', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
              };
            }
          }
        },
      };
    },
  };
}
