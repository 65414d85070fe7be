/* A rate calculator for the log corpus, built with -fsanitize=undefined.
 * UndefinedBehaviorSanitizer prints "file:line:col: runtime error: ..." and
 * goes on; it reports each source location once per process, so the
 * supervisor runs it several times. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static int scale(int v, int factor)
{
	return v * factor;
}

static unsigned int mask_bits(int bits)
{
	return 1u << bits;
}

struct rates {
	int v[4];
	int count;
};

static int lookup(const struct rates *r, int i)
{
	return r->v[i];
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	struct rates table = {{1, 2, 3, 4}, 4};
	printf("rates: run with n=%d\n", n);
	printf("scaled %d\n", scale(INT_MAX - n, 1000));
	if (n % 2 == 0)
		printf("mask %u\n", mask_bits(32 + n));
	if (n == 3)
		printf("rate %d\n", lookup(&table, 4 + n));
	return 0;
}
