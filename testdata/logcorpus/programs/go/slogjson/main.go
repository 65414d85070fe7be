// Command slogjson is a job runner for the log corpus that logs with
// log/slog's JSON handler: failed jobs as "err", and recovered panics with
// their stack (runtime/debug.Stack) in "stack".
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
)

func parsePort(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("parse port: %w", err)
	}
	return n, nil
}

func openSpool(name string) error {
	_, err := os.Open("/nonexistent/spool/" + name)
	return err
}

func divide(a, b int) int { return a / b }

func runJob(log *slog.Logger, kind string, id int) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("job panicked", "job", id, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	switch kind {
	case "port":
		if _, err := parsePort("80a"); err != nil {
			log.Error("job failed", "job", id, "err", err.Error())
		}
	case "spool":
		if err := openSpool(fmt.Sprintf("q%d", id)); err != nil && errors.Is(err, fs.ErrNotExist) {
			log.Error("spool missing", "job", id, "err", err.Error())
		}
	case "divide":
		log.Info("ratio", "job", id, "value", divide(id, id-id))
	default:
		log.Info("job done", "job", id)
	}
}

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	plan := []struct {
		kind string
		n    int
	}{{"port", 7}, {"ok", 3}, {"spool", 2}, {"divide", 3}}
	id := 100
	for _, p := range plan {
		for i := 0; i < p.n; i++ {
			id++
			runJob(log, p.kind, id)
		}
	}
}
