/**
 * The login ceiling: how many argon2id verifications per second this machine does with
 * Bun.password at the server's parameters, one loop per core, for `DURATION` seconds.
 */
import { ARGON2_PARAMS } from "../src/users/password.ts";

const seconds = Number(process.env.DURATION ?? 5);
const loops = Number(process.env.LOOPS ?? navigator.hardwareConcurrency);
const hash = await Bun.password.hash("bench passphrase", ARGON2_PARAMS);
const until = performance.now() + seconds * 1000;
let count = 0;
await Promise.all(
  Array.from({ length: loops }, async () => {
    while (performance.now() < until) {
      await Bun.password.verify("bench passphrase", hash);
      count++;
    }
  }),
);
console.log(JSON.stringify({ verifies: count, seconds, rate: count / seconds }));
