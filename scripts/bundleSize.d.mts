export interface BundleSize {
  minified: number
  brotli: number
}
export declare const EXTERNAL: string[]
export declare const REACT_ENTRY: string
export declare const COMPONENTS_ENTRY: string
export declare const TYPICAL_IMPORT: string
export declare const HOOK_IMPORT: string
export declare function measureBundle(
  entry: string | { contents: string },
  external: string[],
): Promise<BundleSize>
export declare function bundleSizes(): Promise<{
  ours: BundleSize
  typical: BundleSize
  hook: BundleSize
  components: BundleSize
  zodPulledIn: BundleSize
  chatkitReact: BundleSize
}>
