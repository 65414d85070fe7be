/* A ledger tool for the log corpus that crashes in known ways; the
 * supervisor runs it under lldb --batch -o run -k bt -k quit, so the log
 * holds lldb's stop reason and its backtrace
 * (frame #1: 0x... ledger`post_entry(l=...) at ledger.c:N:M). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	long cents;
	struct entry *next;
};

struct ledger {
	struct entry *head;
	int accounts;
};

static void post_entry(struct ledger *l, long cents)
{
	l->head->cents += cents;
}

static long average(const struct ledger *l, long total)
{
	return total / l->accounts;
}

static void close_books(const struct ledger *l)
{
	assert(l->head != NULL && "books closed with no entries");
	printf("ledger: closed at %ld\n", l->head->cents);
}

static struct ledger *open_ledger(const char *mode)
{
	struct ledger *l = calloc(1, sizeof *l);
	if (strcmp(mode, "post") != 0 && strcmp(mode, "close") != 0)
		l->head = calloc(1, sizeof *l->head);
	l->accounts = strcmp(mode, "avg") == 0 ? 0 : 3;
	return l;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "ok";
	struct ledger *l = open_ledger(mode);
	if (strcmp(mode, "close") != 0)
		post_entry(l, 1250);
	printf("ledger: %ld per account\n", average(l, 9000));
	close_books(l);
	return 0;
}
