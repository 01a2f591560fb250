export interface Project {
  id: string;
  name: string;
  /** where the connections' alerts go (needs reconnecting, disconnected in Stripe, sync failed, events dead); null: nowhere */
  alertEmail: string | null;
  createdAt: Date;
}
