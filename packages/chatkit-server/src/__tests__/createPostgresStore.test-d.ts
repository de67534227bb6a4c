import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { expectTypeOf, test } from 'vitest'
import { createPostgresStore, type PostgresStore } from '../postgres.ts'

test('both engines are a db, and the default owner needs a userId in the context', () => {
  const pglite = new PGlite()
  const pool = new pg.Pool()
  const client = new pg.Client()
  expectTypeOf(createPostgresStore<{ userId: string }>({ db: pglite })).toEqualTypeOf<
    PostgresStore<{ userId: string }>
  >()
  createPostgresStore<{ userId: string; role: 'admin' }>({ db: pool })
  createPostgresStore<{ userId: string }>({ db: client })
  // @ts-expect-error without `owner`, the context must carry a userId string
  createPostgresStore<{ tenant: string }>({ db: pool })
  createPostgresStore<{ tenant: string }>({ db: pool, owner: (context) => context.tenant })
  // @ts-expect-error a db needs query(text, params)
  createPostgresStore<{ userId: string }>({ db: { exec: async () => undefined } })
})
