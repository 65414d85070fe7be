/* A config loader for the log corpus that crashes in known ways; the
 * supervisor runs it under gdb -batch -ex run -ex bt, so the log holds the
 * signal and gdb's backtrace (#0 0x... in f (...) at file.c:N). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct config {
	char *name;
	int workers;
};

static int name_length(const struct config *c)
{
	return (int)strlen(c->name);
}

static int per_worker(int total, const struct config *c)
{
	return total / c->workers;
}

static struct config *load(const char *mode)
{
	struct config *c = calloc(1, sizeof *c);
	if (strcmp(mode, "noname") != 0)
		c->name = "shop";
	c->workers = strcmp(mode, "zero") == 0 ? 0 : 4;
	return c;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "ok";
	struct config *c = load(mode);
	printf("config: name length %d\n", name_length(c));
	printf("config: %d per worker\n", per_worker(100, c));
	return 0;
}
