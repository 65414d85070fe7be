// Command slogattrs is an order API's worker that logs with log/slog's
// JSON handler, with the source of each record, its errors as attributes
// of several shapes (issue 18, tune):
//
//   - "request failed" with "error": a wrapped error (fetch order N:
//     context deadline exceeded): 4
//   - "validation failed" with "error": errors.Join of two errors, a
//     message of two lines: 2
//   - "handler panic" with a group "panic" holding "value" (a nil pointer
//     dereference) and "stack" (debug.Stack): 3
//   - "worker recovered" with "panic" (index out of range) and "stack" at
//     the top level: 2
//   - info and warning records between them.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
)

type order struct {
	lines []int
	buyer *struct{ name string }
}

func fetchOrder(id int) error {
	return fmt.Errorf("fetch order %d: %w", id, context.DeadlineExceeded)
}

func validate(id int) error {
	return errors.Join(
		fmt.Errorf("validate order %d: missing sku", id),
		fmt.Errorf("validate order %d: negative quantity", id))
}

func buyerName(o *order) string {
	return o.buyer.name
}

func lineAt(o *order, i int) int {
	return o.lines[i]
}

func handle(log *slog.Logger, id int) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("handler panic", "order", id,
				slog.Group("panic", slog.Any("value", r), slog.String("stack", string(debug.Stack()))))
		}
	}()
	buyerName(&order{})
}

func work(log *slog.Logger, id int) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("worker recovered", "order", id, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	lineAt(&order{lines: []int{1}}, id%5+3)
}

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{AddSource: true}))
	for id := 200; id < 204; id++ {
		log.Error("request failed", "path", "/orders", "order", id, "error", fetchOrder(id))
	}
	log.Info("cache warmed", "entries", 1200)
	for id := 300; id < 302; id++ {
		log.Error("validation failed", "order", id, "error", validate(id))
	}
	log.Warn("slow query", "ms", 840)
	for id := 400; id < 403; id++ {
		handle(log, id)
	}
	for id := 500; id < 502; id++ {
		work(log, id)
	}
	log.Info("shutdown")
}
