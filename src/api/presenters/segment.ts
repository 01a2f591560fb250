import type { SegmentWithCount } from '../../db/segment-store';

export const presentSegment = (s: SegmentWithCount) => ({ key: s.key, name: s.name, count: s.count });
