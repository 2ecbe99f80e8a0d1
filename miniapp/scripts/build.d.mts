export declare function fingerprint(platform: 'h5' | 'weapp'): string;
export declare function ensureBuild(
  platform: 'h5' | 'weapp',
  options?: { log?: (line: string) => void; force?: boolean },
): Promise<{ built: boolean; ms: number; outDir: string }>;
