/** What the upload benchmark's processes agree on: the session uploaded to and the caller's token. */
export const BENCH_BUCKET = 'recordings-bench';
export const BENCH_SESSION = 'ses_bench';
export const BENCH_TOKEN = 'bench';
