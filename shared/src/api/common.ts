export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  database: { type: 'mariadb' | 'mysql' | 'sqlite'; ready: boolean; latencyMs: number | null };
  time: string;
}
