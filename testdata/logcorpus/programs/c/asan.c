/* An image tool for the log corpus, built with -fsanitize=address,undefined.
 * Its argument picks the bug it hits: "overflow" writes past a heap buffer,
 * "uaf" reads a freed buffer, "ok" works. AddressSanitizer reports the
 * first bad access and aborts; the supervisor runs it again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fill_row(unsigned char *row, int width)
{
	for (int x = 0; x <= width; x++)
		row[x] = (unsigned char)x;
}

static int checksum(const unsigned char *p, int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += p[i];
	return s;
}

static int render(const char *mode)
{
	int width = 16;
	unsigned char *row = malloc(width);
	if (strcmp(mode, "overflow") == 0) {
		fill_row(row, width);
	} else if (strcmp(mode, "uaf") == 0) {
		free(row);
		return checksum(row, width);
	} else {
		memset(row, 1, width);
	}
	int s = checksum(row, width);
	free(row);
	return s;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "ok";
	printf("imgtool: rendering (%s)\n", mode);
	fflush(stdout);
	printf("imgtool: checksum %d\n", render(mode));
	return 0;
}
