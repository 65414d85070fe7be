package com.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A shipment dispatcher (issue 18, tune): a pool of 3 threads dispatches
 * shipments 1..15 at once. Progress goes to stdout ("dispatch: ..." lines,
 * several per shipment); a failed shipment is printed to stderr with
 * printStackTrace, wrapped with its cause. Under a multiplexer that reads a
 * container's stdout and stderr apart and prefixes both the same way, the
 * progress lines of the other threads fall inside the stack traces.
 *
 * Shipments: i % 4 == 1 (1, 5, 9, 13) fail calling the carrier
 * (IllegalStateException caused by UncheckedIOException caused by
 * IOException: 4); i % 5 == 2 (2, 7, 12) have a bad weight
 * (NumberFormatException in parseWeight: 3); the rest are packed. Then the
 * label thread dies of an uncaught ArithmeticException (1).
 */
public class Dispatcher {
    static void callCarrier(int id) throws IOException {
        throw new IOException("carrier API unreachable for shipment " + id);
    }

    static void book(int id) {
        try {
            callCarrier(id);
        } catch (IOException e) {
            throw new UncheckedIOException("booking failed", e);
        }
    }

    static int parseWeight(String w) {
        return Integer.parseInt(w);
    }

    static void dispatch(int id) {
        for (int step = 1; step <= 3; step++) {
            System.out.println("dispatch: shipment " + id + " step " + step + " on " + Thread.currentThread().getName());
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (id % 4 == 1) {
            try {
                book(id);
            } catch (UncheckedIOException e) {
                throw new IllegalStateException("shipment " + id + " not booked", e);
            }
        }
        if (id % 5 == 2) {
            parseWeight(id + ",5kg");
        }
        System.out.println("dispatch: shipment " + id + " packed");
    }

    static int labelsPerSheet(int sheets) {
        return 24 / sheets;
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        for (int i = 1; i <= 15; i++) {
            final int id = i;
            pool.submit(() -> {
                try {
                    dispatch(id);
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        Thread label = new Thread(() -> System.out.println("labels " + labelsPerSheet(0)), "label-printer");
        label.start();
        label.join();
    }
}
