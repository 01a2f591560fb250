/** The envelope of every list: `{data, nextCursor}` (null on the last page). */
export const presentList = <T>(data: T[], nextCursor: string | null = null) => ({ data, nextCursor });
