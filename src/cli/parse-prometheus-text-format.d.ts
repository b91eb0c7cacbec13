// The package ships no types; its result is checked with zod where it is read (src/cli/funnel.ts).
declare module 'parse-prometheus-text-format' {
  /** Parses the Prometheus text exposition format into metric families. */
  export default function parsePrometheusTextFormat(text: string): unknown;
}
