/** The one line a seller reads about orders Shopdock could not read. */
export function unreadableSummary(count: number): string {
  const orders = count === 1 ? "1 order" : `${count} orders`;
  return `${orders} from TikTok could not be read. Shopdock keeps ${count === 1 ? "it" : "them"} and tries again with every download; the rest of your orders are up to date.`;
}
