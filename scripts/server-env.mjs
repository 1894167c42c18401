/**
 * Environment defaults for the server process, read by the C library at start (so they cannot be
 * set from inside the server): `npm start` and the tests' child servers both use them, so what is
 * tested is what runs. A variable already in the environment wins.
 *
 * MALLOC_ARENA_MAX=2: glibc gives busy threads malloc arenas of their own, and freed native memory
 * (SQLite, libuv, socket buffers) stays scattered across them. In the 10-minute soak
 * (server/reliability/soak.rel.test.ts) the server's anonymous RSS grew steadily with the default
 * arenas while V8's heap stayed flat; with two arenas the growth more than halved
 * (docs/RELIABILITY.md, Findings). Two is the usual setting for long-running Node services.
 */
export const serverProcessEnv = { MALLOC_ARENA_MAX: '2' }
