/* sieve.c — sieve of Eratosthenes over N million numbers (default 100), a byte per number,
 * repeated R times (default 3); prints the prime count. Memory-bound. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static unsigned char s[100000001]; /* static: see sha256.c */

int main(int argc, char **argv) {
  size_t n = (argc > 1 ? (size_t)atoi(argv[1]) : 100) * 1000000u;
  int reps = argc > 2 ? atoi(argv[2]) : 3;
  if (n > 100000000u) n = 100000000u;
  size_t count = 0;
  for (int r = 0; r < reps; r++) {
    memset(s, 1, n + 1);
    s[0] = s[1] = 0;
    for (size_t i = 2; i * i <= n; i++)
      if (s[i])
        for (size_t j = i * i; j <= n; j += i) s[j] = 0;
    count = 0;
    for (size_t i = 0; i <= n; i++) count += s[i];
  }
  printf("primes <= %zu: %zu\n", n, count);
  return 0;
}
