package com.shop;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * An order service for the log corpus: it processes a fixed list of orders,
 * some of which fail in known ways, and logs each failure with its stack
 * trace the way a logging framework does (a log line, then the trace with
 * "Caused by:", "Suppressed:" and "... N more"). One worker thread dies of
 * an uncaught exception ("Exception in thread").
 */
public class OrderService {
    static final PrintStream LOG = System.err;
    static final SimpleDateFormat TS = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss.SSS");

    static void log(String level, String msg, Throwable t) {
        synchronized (LOG) {
            LOG.printf("%s %-5s [%s] c.s.OrderService - %s%n", TS.format(new Date()), level,
                    Thread.currentThread().getName(), msg);
            if (t != null) {
                t.printStackTrace(LOG);
            }
        }
    }

    static final Map<String, Integer> STOCK = new HashMap<>();

    static class Connection implements Closeable {
        public void close() throws IOException {
            throw new IOException("connection reset while closing");
        }
    }

    static int parseQuantity(String q) {
        return Integer.parseInt(q);
    }

    static int reserve(String sku) {
        Integer n = STOCK.get(sku);
        return n.intValue() - 1;
    }

    static void loadOrder(String id) {
        try {
            parseQuantity("two");
        } catch (NumberFormatException e) {
            throw new IllegalStateException("order " + id + " has a bad quantity", e);
        }
    }

    static void charge(String id) throws Exception {
        try (Connection c = new Connection()) {
            throw new IllegalArgumentException("card declined for order " + id);
        }
    }

    static void process(String kind, String id) throws Exception {
        switch (kind) {
            case "quantity":
                loadOrder(id);
                break;
            case "stock":
                reserve("sku-" + id);
                break;
            case "charge":
                charge(id);
                break;
            default:
                break;
        }
    }

    public static void main(String[] args) throws Exception {
        STOCK.put("sku-1", 3);
        String[][] plan = {
            {"quantity", "3"}, {"stock", "2"}, {"charge", "1"}, {"ok", "4"},
        };
        int seq = 1000;
        // SHOP_PACE_MS spaces the orders out (to run beside another service).
        String pace = System.getenv("SHOP_PACE_MS");
        long paceMs = pace == null ? 0 : Long.parseLong(pace);
        for (String[] p : plan) {
            int n = Integer.parseInt(p[1]);
            for (int i = 0; i < n; i++) {
                String id = "A-" + (seq++);
                Thread.sleep(paceMs);
                try {
                    process(p[0], id);
                    log("INFO", "order " + id + " processed", null);
                } catch (Exception e) {
                    log("ERROR", "failed to process order " + id, e);
                }
            }
        }
        Thread w = new Thread(() -> {
            Object[] slots = new Object[2];
            System.out.println(slots[5]);
        }, "worker-1");
        w.start();
        w.join();
        log("INFO", "done", null);
    }
}
