/** See server-env.mjs. */
export declare const serverProcessEnv: Readonly<Record<string, string>>
