# API image for docker-compose.yml: the API only; Neo4j runs in its own container (NEO4J_URI).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 NEO4J_URI=bolt://neo4j:7687
COPY . .
# with NEO4J_URI set, the postinstall step skips the embedded Neo4j launcher (no Java needed)
RUN npm ci && npm cache clean --force
EXPOSE 4000
USER node
# the heap flags are src/ops/heap.ts (API_NODE_FLAGS)
CMD ["node", "--max-old-space-size=1024", "--max-semi-space-size=16", "--import", "tsx", "src/main.ts"]
