// GraphQL Code Generator plugin: the trusted-documents manifest. Every operation document of
// `documents` (src/client/operations/) is printed canonically and keyed by the SHA-256 of that text,
// which is also the hash Apollo's automatic persisted queries use, so a client may send either the
// id alone or the id with the text.
const { createHash } = require('node:crypto');
const { print } = require('graphql');

module.exports = {
  plugin(_schema, documents) {
    const manifest = {};
    for (const { document } of documents) {
      if (!document) continue;
      const text = print(document);
      manifest[createHash('sha256').update(text).digest('hex')] = text;
    }
    const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
    return `${JSON.stringify(sorted, null, 2)}\n`;
  },
};
