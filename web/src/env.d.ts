/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API answers; empty (the default) means the console's own origin. */
  readonly VITE_API_BASE?: string;
}
