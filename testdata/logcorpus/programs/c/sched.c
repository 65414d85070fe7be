/* A job scheduler run under gdb -batch -ex run -ex bt by a supervisor
 * (issue 18, tune). Each run takes one mode; the failing code runs on a
 * worker thread named "sched-worker" except for "budget".
 *
 *   budget -> assert(total <= cap) fails in check_budget: SIGABRT through
 *             glibc's abort and __assert_fail, main thread
 *   label  -> strlen(NULL) in label_width on the worker thread: SIGSEGV
 *   split  -> division by zero in per_slot on the worker thread: SIGFPE
 *   drain  -> abort() in drain_queue on the worker thread: SIGABRT
 *   ok     -> exits 0
 */
#define _GNU_SOURCE
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *mode;

static size_t label_width(const char *label) {
    return strlen(label) + 2;
}

static int per_slot(int jobs, int slots) {
    return jobs / slots;
}

static void drain_queue(int pending) {
    if (pending > 0) {
        fprintf(stderr, "sched: %d jobs left in queue, aborting\n", pending);
        abort();
    }
}

static void check_budget(int total, int cap) {
    assert(total <= cap);
}

static void *worker(void *arg) {
    const char *labels[] = {"nightly", NULL};
    volatile int slots = 0;
    (void)arg;
    pthread_setname_np(pthread_self(), "sched-worker");
    if (strcmp(mode, "label") == 0)
        printf("width %zu\n", label_width(labels[1]));
    else if (strcmp(mode, "split") == 0)
        printf("per slot %d\n", per_slot(12, slots));
    else if (strcmp(mode, "drain") == 0)
        drain_queue(3);
    return NULL;
}

int main(int argc, char **argv) {
    pthread_t t;
    mode = argc > 1 ? argv[1] : "ok";
    if (strcmp(mode, "budget") == 0)
        check_budget(130, 100);
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    printf("sched: mode %s done\n", mode);
    return 0;
}
