/** Defaults and choices shown in the help text; kept free of heavy imports (help must start fast). */

/** kubectl's default page size (`--chunk-size`). */
export const DEFAULT_CHUNK_SIZE = 500;

/** Output formats `-o` accepts; the help text and the usage error are built from this list. */
export const OUTPUT_FORMATS = ['custom-columns', 'json', 'jsonpath', 'name', 'wide', 'yaml'] as const;
