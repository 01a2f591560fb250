/** The API version whose shapes every object and event is rendered in (stripe@23.1.0's pin). */
export const API_VERSION = '2026-10-28.endive';
