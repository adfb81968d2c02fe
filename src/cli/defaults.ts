/** Defaults and choices shown in the help text; kept free of heavy imports (help must start fast). */

/** kubectl's default page size (`--chunk-size`). */
export const DEFAULT_CHUNK_SIZE = 500;
