/**
 * The virus-scan hook of an upload's completion. Locally and by default the signature scanner
 * (`adapters/signature-scanner.ts`) answers; a deployment plugs its own scanner behind this port
 * (see docs/architecture.md, "Application documents").
 */
export type ScanVerdict = { readonly clean: true } | { readonly clean: false; readonly threat: string };

export interface DocumentScanner {
  scan(bytes: Uint8Array): Promise<ScanVerdict>;
}
