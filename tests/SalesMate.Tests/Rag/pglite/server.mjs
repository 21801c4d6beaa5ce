// Serves PGlite (PostgreSQL 17 compiled to WASM) with the pgvector extension over the Postgres wire protocol.
// Usage: PORT=nnnn node server.mjs. Prints "READY <port>" once it accepts connections; exits when stdin closes.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const port = Number(process.env.PORT);
const db = await PGlite.create({ extensions: { vector } });
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
await server.start();
console.log(`READY ${port}`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.stop();
  await db.close();
  process.exit(0);
});
