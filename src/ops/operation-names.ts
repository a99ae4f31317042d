import type { DocumentNode } from 'graphql';
import * as operations from '../generated/operations.js';

/**
 * Operation names of the explorer page (src/explorer/api.ts). A test checks that this list and the
 * page agree, so a new explorer query cannot go unlisted.
 */
export const EXPLORER_OPERATIONS: readonly string[] = [
  'ExplorerApprove',
  'ExplorerCertifications',
  'ExplorerCoverage',
  'ExplorerCoverageWhatIf',
  'ExplorerDecline',
  'ExplorerDetails',
  'ExplorerFacilities',
  'ExplorerMatch',
  'ExplorerNeeds',
  'ExplorerNeighborhood',
  'ExplorerNetwork',
  'ExplorerOptions',
  'ExplorerPath',
  'ExplorerPublishNeed',
  'ExplorerRequestAccess',
  'ExplorerRequests',
  'ExplorerSearch',
  'ExplorerTokenCheck',
  'ExplorerViewer',
  'ExplorerWithdraw',
];

/** Names of the operations in the generated client documents (src/client/operations/). */
export function clientOperationNames(): string[] {
  const names: string[] = [];
  for (const value of Object.values(operations) as unknown[]) {
    const doc = value as Partial<DocumentNode> | null;
    if (!doc || typeof doc !== 'object' || doc.kind !== 'Document') continue;
    for (const d of doc.definitions ?? []) if (d.kind === 'OperationDefinition' && d.name) names.push(d.name.value);
  }
  return names;
}

/**
 * The operation names metrics may use as label values: the shipped client's and the explorer's,
 * plus `extra` (a deployment's own frontends). Any other name is reported as `other`, so clients
 * cannot grow the metrics without bound or read each other's operation names there.
 */
export function knownOperationNames(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([...clientOperationNames(), ...EXPLORER_OPERATIONS, ...extra]);
}
