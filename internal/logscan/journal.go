package logscan

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// journalctl -o json (and json-pretty's one-line sibling, json-sse's data)
// writes one object per journal entry, and a program's output goes into
// the journal one line per entry: a trace is many objects. Such an object
// is read as its MESSAGE, in the stream of its writer ("host
// IDENTIFIER[PID]"), as if the log were journalctl's short format: the
// families then assemble the trace from consecutive entries of the writer.
// An entry is known by the journal's own fields (__CURSOR or
// __REALTIME_TIMESTAMP) and a MESSAGE; MESSAGE may be a string or, when it
// is not valid UTF-8, an array of bytes.

var (
	journalCursor   = []byte(`"__CURSOR":`)
	journalRealtime = []byte(`"__REALTIME_TIMESTAMP":`)
	journalMessage  = []byte(`"MESSAGE":`)
)

type journalEntry struct {
	Message  json.RawMessage `json:"MESSAGE"`
	Ident    string          `json:"SYSLOG_IDENTIFIER"`
	Comm     string          `json:"_COMM"`
	PID      string          `json:"_PID"`
	SyslogID string          `json:"SYSLOG_PID"`
	Host     string          `json:"_HOSTNAME"`
	Unit     string          `json:"_SYSTEMD_UNIT"`
}

// journalRecord reads a line of journalctl -o json: the stream key and the
// message (appended to dst). It reports false when the line is not a
// journal entry.
func journalRecord(b, dst []byte) (key, msg []byte, ok bool) {
	if len(b) < 2 || b[0] != '{' || !bytes.Contains(b, journalMessage) ||
		!(bytes.Contains(b, journalCursor) || bytes.Contains(b, journalRealtime)) {
		return nil, dst, false
	}
	var e journalEntry
	if json.Unmarshal(b, &e) != nil || len(e.Message) == 0 {
		return nil, dst, false
	}
	switch e.Message[0] {
	case '"':
		var s string
		if json.Unmarshal(e.Message, &s) != nil {
			return nil, dst, false
		}
		msg = append(dst, s...)
	case '[':
		var bs []int
		if json.Unmarshal(e.Message, &bs) != nil {
			return nil, dst, false
		}
		msg = dst
		for _, c := range bs {
			msg = append(msg, byte(c))
		}
	default: // null: an entry with no message
		msg = dst
	}
	// A message of several lines (sent through the native protocol) is
	// read as its first line.
	if i := bytes.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	msg = bytes.TrimRight(msg, "\r")
	ident := e.Ident
	if ident == "" {
		ident = e.Comm
	}
	if ident == "" {
		ident = e.Unit
	}
	pid := e.SyslogID
	if pid == "" {
		pid = e.PID
	}
	key = make([]byte, 0, len(e.Host)+len(ident)+len(pid)+4)
	key = append(append(append(key, e.Host...), ' '), ident...)
	if _, err := strconv.Atoi(pid); err == nil {
		key = append(append(append(key, '['), pid...), ']')
	}
	return key, msg, true
}
