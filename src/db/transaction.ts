import type { Knex } from 'knex';

/**
 * Stores that write together in one transaction. Built from a factory `(db) => stores`, so the
 * same stores serve a plain connection and a transaction, and a test can hand in fakes.
 */
export interface Transactional<S> {
  /** Runs `work` with the stores bound to a new transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (stores: S) => Promise<T>): Promise<T>;
}

export const transactional = <S>(db: Knex, build: (db: Knex) => S): Transactional<S> => ({
  run: (work) => db.transaction((trx) => work(build(trx))),
});
