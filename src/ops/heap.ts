/**
 * The V8 heap settings of the API process: `npm start`, the Dockerfile, the benchmark and every test
 * that starts the server as a process of its own run it with these flags (test/ops/heap.test.ts).
 *
 * Why: left to itself V8 sizes the heap from the machine's memory (4 GiB limit on a 23 GiB machine)
 * and, with that much room, lets both generations grow far past what is live before it collects. The
 * API's live heap is about 50 MiB idle, yet under the 64-connection load run its RSS reached 436 MiB.
 * A young generation of 4 MiB semi-spaces and an explicit 1 GiB limit (which also makes V8's heap
 * growth stepwise rather than generous) kept the same run at 206 MiB with no less throughput (2,283
 * requests in 30 s against 1,585). The limit stays far above any live set the API's bounds allow
 * (page sizes, query cost, requests executing at once, the kept answers' cells).
 */
export const API_NODE_FLAGS: readonly string[] = ['--max-old-space-size=1024', '--max-semi-space-size=4'];
