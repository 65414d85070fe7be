package com.billing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A billing run on a fixed thread pool of 4 (the log corpus of issue 18).
 * Each invoice is a task; the runner waits on the futures and prints each
 * failure's stack trace (ExecutionException, Caused by ..., Suppressed ...)
 * to stderr. One task is started with execute() instead and dies in its
 * pool thread: the default uncaught-exception handler prints
 * Exception in thread "pool-1-thread-N".
 *
 * Invoices 1..12: every 4th (4, 8, 12) has no customer: NullPointerException
 * in Invoice.total (3); 3, 7 and 11 have a negative amount:
 * IllegalArgumentException from Ledger.post (3); 6 and 10 fail to render
 * their PDF: IllegalStateException caused by UncheckedIOException caused by
 * IOException, with an IOException suppressed when the writer closes (2);
 * the rest are fine. Then an audit task is executed: ArithmeticException
 * (/ by zero) in Audit.ratio (1).
 */
public class InvoiceRunner {
    static final class Invoice {
        final int id;
        final String customer;
        final long cents;

        Invoice(int id, String customer, long cents) {
            this.id = id;
            this.customer = customer;
            this.cents = cents;
        }

        long total() {
            return customer.length() > 0 ? cents : 0;
        }
    }

    static final class Ledger {
        static void post(Invoice inv) {
            if (inv.cents < 0) {
                throw new IllegalArgumentException("negative amount " + inv.cents + " on invoice " + inv.id);
            }
        }
    }

    static final class PdfWriter implements AutoCloseable {
        final int id;

        PdfWriter(int id) {
            this.id = id;
        }

        void write() {
            throw new UncheckedIOException(new IOException("font cache /var/cache/fonts/" + id + ".bin is unreadable"));
        }

        @Override
        public void close() throws IOException {
            throw new IOException("cannot flush invoice-" + id + ".pdf");
        }
    }

    static void render(Invoice inv) {
        try (PdfWriter w = new PdfWriter(inv.id)) {
            w.write();
        } catch (UncheckedIOException | IOException e) {
            throw new IllegalStateException("cannot render invoice " + inv.id, e);
        }
    }

    static String bill(Invoice inv) {
        inv.total();
        Ledger.post(inv);
        if (inv.id == 6 || inv.id == 10) {
            render(inv);
        }
        return "invoice " + inv.id + " billed";
    }

    static final class Audit {
        static long ratio(long billed, long failed) {
            return billed / failed;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String customer = i % 4 == 0 ? null : "c" + (7000 + i * 13);
            long cents = i % 4 == 3 ? -100L * i : 1000L * i;
            Invoice inv = new Invoice(i, customer, cents);
            futures.add(pool.submit(() -> bill(inv)));
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                System.out.println(futures.get(i).get());
            } catch (ExecutionException e) {
                System.err.println("billing: invoice " + (i + 1) + " failed");
                e.printStackTrace();
            }
        }
        pool.execute(() -> System.out.println("audit ratio " + Audit.ratio(9, 0)));
        pool.shutdown();
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
