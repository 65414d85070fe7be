package coverage

import (
	"io"
	"strings"
)

// How an LCOV tracefile is read is told in the package doc.

// lcovKeys are the record keys LCOV writes, for telling the format.
var lcovKeys = map[string]bool{
	"TN": true, "SF": true, "VER": true, "FN": true, "FNDA": true, "FNF": true,
	"FNH": true, "FNL": true, "FNA": true, "DA": true, "LF": true, "LH": true,
	"BRDA": true, "BRF": true, "BRH": true,
}

// isLCOVLine reports whether s, a trimmed line, is an LCOV record line.
func isLCOVLine(s string) bool {
	if s == "end_of_record" {
		return true
	}
	key, _, ok := strings.Cut(s, ":")
	return ok && lcovKeys[key]
}

// isLCOVKey reports whether key is made of upper-case letters, as LCOV's
// keys are.
func isLCOVKey(key string) bool {
	if key == "" {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 'A' || key[i] > 'Z' {
			return false
		}
	}
	return true
}

func parseLCOV(r io.Reader, res *resolver, p *Profile) error {
	file, records := "", 0 // file is the current record's path, "" outside one
	err := lines(r, func(n int, line string) error {
		line = strings.TrimSpace(line)
		if line == "" {
			return nil
		}
		if line == "end_of_record" {
			if file == "" {
				return errorf(n, "end_of_record outside a record (no SF: line before it)")
			}
			file = ""
			return nil
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok || !isLCOVKey(key) {
			return errorf(n, "malformed line %q: want KEY:value or end_of_record", clip(line))
		}
		switch key {
		case "SF":
			if val == "" {
				return errorf(n, "SF: without a path")
			}
			file = res.rel(val)
			records++
			if p.Files[file] == nil {
				p.Files[file] = &File{Lines: map[int]int{}}
			}
		case "DA":
			if file == "" {
				return errorf(n, "DA: outside a record (no SF: line before it)")
			}
			num, hits, _ := strings.Cut(val, ",")
			hits, _, _ = strings.Cut(hits, ",") // a checksum may follow
			ln, ok := atoiNonNeg(num)
			if !ok || ln < 1 {
				return errorf(n, "malformed DA %q: bad line number (want DA:line,hits)", clip(val))
			}
			h, ok := atoiNonNeg(strings.TrimPrefix(hits, "-"))
			if !ok {
				return errorf(n, "malformed DA %q: bad hit count (want DA:line,hits)", clip(val))
			}
			if strings.HasPrefix(hits, "-") {
				h = 0
			}
			p.add(file, ln, h)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if records == 0 {
		return &ParseError{Msg: "LCOV report without any SF: record"}
	}
	return nil
}
