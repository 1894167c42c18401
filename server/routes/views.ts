/**
 * `iso` lives in server/http/iso.ts; this re-export keeps the routes still in server/routes/
 * compiling until they move, and goes with the last of them.
 */
export { iso } from '../http/iso.ts'
