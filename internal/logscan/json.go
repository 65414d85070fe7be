package logscan

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// JSON lines: structured loggers (Go's log/slog, pino, bunyan, zap,
// python-json-logger, structlog, logstash encoders) write one object per
// line. An error line that is such an object is read by its fields: the
// level, the message and the error, and the stack trace, which is handed
// to the families line by line as if the log had written it so. The
// message shown and signed is "message: error", never the object.

// jsonRecord is what an error line's object says.
type jsonRecord struct {
	level string // as written ("ERROR", "error", "50")
	msg   string
	err   string   // the error's text, when it is not the message
	stack string   // a stack trace, lines separated by "\n"
	at    Location // the caller (zap's "caller", slog's "source"), if given
}

// The field names read, first found first.
var (
	jsonMsgKeys   = []string{"msg", "message", "event", "@message", "log"}
	jsonLevelKeys = []string{"level", "severity", "levelname", "lvl", "log.level", "@level"}
	jsonStackKeys = []string{"stack", "stacktrace", "stack_trace", "exc_info", "exc_text", "traceback", "backtrace"}
	jsonErrKeys   = []string{"err", "error", "exception", "exc", "error.message", "panic"}
)

// parseJSONRecord reads a JSON object line. It reports false when b is not
// one.
func parseJSONRecord(b []byte) (jsonRecord, bool) {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return jsonRecord{}, false
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return jsonRecord{}, false
	}
	var r jsonRecord
	r.msg = jsonText(lookup(m, jsonMsgKeys))
	r.level = jsonText(lookup(m, jsonLevelKeys))
	r.stack = jsonText(lookup(m, jsonStackKeys))
	for _, k := range jsonErrKeys {
		v, ok := lookupPath(m, k)
		if !ok {
			continue
		}
		switch x := v.(type) {
		case map[string]any:
			// pino's and bunyan's err: {type, message, stack}; ECS's error:
			// {message, stack_trace}; structlog's exception objects; a
			// slog group {"panic": {"value": ..., "stack": ...}}.
			if r.stack == "" {
				r.stack = jsonText(lookup(x, append([]string{"stack"}, jsonStackKeys...)))
			}
			if r.err == "" {
				r.err = jsonText(lookup(x, []string{"message", "msg", "value", "error", "err"}))
				if t := jsonText(lookup(x, []string{"type", "name", "kind"})); t != "" && r.err != "" && !strings.HasPrefix(r.err, t) {
					r.err = t + ": " + r.err
				}
			}
		default:
			if s := jsonText(v); s != "" && r.err == "" {
				// A string holding a whole trace is the stack; an error
				// of several lines (errors.Join) is the error.
				if strings.Contains(s, "\n") && r.stack == "" && looksLikeTrace(s) {
					r.stack = s
				} else {
					r.err = s
				}
			}
		}
	}
	switch c := lookup(m, []string{"caller", "source", "src", "logger.caller"}).(type) {
	case string:
		r.at.File, r.at.Line = fileLineCol([]byte(c), nil)
	case map[string]any:
		r.at.File = jsonText(c["file"])
		r.at.Symbol = jsonText(c["function"])
		r.at.Line, _ = strconv.Atoi(jsonText(c["line"]))
	}
	if r.err == r.msg {
		r.err = ""
	}
	return r, true
}

// minor says the record's level is below a warning (info, debug, trace; pino
// and bunyan below 40).
func (r jsonRecord) minor() bool {
	if n, err := strconv.Atoi(r.level); err == nil {
		return n < 40 && n > 0 && n >= 10
	}
	switch strings.ToLower(r.level) {
	case "info", "information", "informational", "debug", "trace", "verbose", "notice":
		return true
	}
	return false
}

// line is the record as one log line: the message and the error.
func (r jsonRecord) line() []byte {
	var b []byte
	b = append(b, r.msg...)
	if r.err != "" {
		if len(b) > 0 {
			b = append(b, ": "...)
		}
		b = append(b, r.err...)
	}
	if len(b) == 0 {
		// No message: the first line of the stack.
		s, _, _ := strings.Cut(r.stack, "\n")
		b = append(b, s...)
	}
	return bytes.ReplaceAll(b, []byte("\n"), []byte(" "))
}

// lookup returns the first of the keys found in m (a dotted key is a
// path).
func lookup(m map[string]any, keys []string) any {
	for _, k := range keys {
		if v, ok := lookupPath(m, k); ok {
			return v
		}
	}
	return nil
}

func lookupPath(m map[string]any, k string) (any, bool) {
	if v, ok := m[k]; ok {
		return v, true
	}
	head, rest, ok := strings.Cut(k, ".")
	if !ok {
		return nil, false
	}
	sub, ok := m[head].(map[string]any)
	if !ok {
		return nil, false
	}
	return lookupPath(sub, rest)
}

// jsonText is a field's value as text: strings as they are, numbers in
// decimal, lists of strings (some loggers split a trace) joined by lines.
func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		var parts []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				parts = append(parts, strings.TrimRight(s, "\n"))
			}
		}
		return strings.Join(parts, "\n")
	}
	return ""
}

// looksLikeTrace says a text of several lines is a stack trace: one of its
// lines after the first is indented (frames, Go's file lines) or it has a
// trace's header (a goroutine's, Python's).
func looksLikeTrace(s string) bool {
	if strings.Contains(s, "goroutine ") || strings.Contains(s, "Traceback (most recent call last):") {
		return true
	}
	_, rest, _ := strings.Cut(s, "\n")
	for l := range strings.SplitSeq(rest, "\n") {
		if isIndented([]byte(l)) {
			return true
		}
	}
	return false
}
