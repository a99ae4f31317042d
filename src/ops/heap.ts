/**
 * The V8 heap settings of the API process: `npm start`, the Dockerfile, the benchmark and every test
 * that starts the server as a process of its own run it with these flags (test/ops/heap.test.ts).
 *
 * Why: left to itself V8 sizes the heap from the machine's memory (4 GiB limit on a 23 GiB machine)
 * and, with that much room, lets both generations grow far past what is live before it collects. The
 * API's live heap is about 50 MiB idle, yet under the 64-connection load run its RSS reached 436 MiB.
 * An explicit 1 GiB limit (V8 then grows the old generation in small steps rather than generously)
 * with 16 MiB semi-spaces kept the same run at 222 MiB (the limit alone: 316 MiB). Semi-spaces of
 * 4 MiB saved a few MiB more (206) but made a 1,760-cell coverage answer about 1.5x slower, its
 * short-lived objects promoted and collected in the old generation. The limit stays far above any
 * live set the API's bounds allow (page sizes, query cost, requests executing at once, the kept answers' cells).
 */
export const API_NODE_FLAGS: readonly string[] = ['--max-old-space-size=1024', '--max-semi-space-size=16'];
