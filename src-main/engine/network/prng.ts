/**
 * A small seeded pseudo-random generator for reproducible heterogeneity: xoshiro128** (Blackman &
 * Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47, 2021), 128 bits of state,
 * period 2^128 - 1. The state is filled from the 32-bit seed by SplitMix32 (the 32-bit variant of
 * Steele, Lea & Flood's SplitMix, with the finaliser of MurmurHash3), so nearby seeds give unrelated
 * streams. Same seed, same numbers, on every platform (32-bit integer arithmetic only).
 */
export class Xoshiro128 {
  private readonly s = new Uint32Array(4);

  /** `seed`: a whole number in [0, 2^32). */
  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A double uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
