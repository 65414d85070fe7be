package suspecteval

import (
	"regexp"
	"strconv"
	"strings"
)

// Frame is one frame of a trace: the file as the trace names it, the line
// and the function (bare name, "" when unknown).
type Frame struct {
	File string
	Line int
	Func string
}

var (
	goFunc   = regexp.MustCompile(`^([\w./\-*()]+?)\.((?:\(\*?\w+\)\.)?\w+(?:\.func\d+)*)\(.*\)$`)
	goFile   = regexp.MustCompile(`^\t(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$`)
	pyFrame  = regexp.MustCompile(`^\s*File "([^"]+)", line (\d+), in (\S+)`)
	jsFrame  = regexp.MustCompile(`^\s+at (?:(?:async )?(\S+) )?\(?([^()\s]+\.[cm]?[jt]sx?):(\d+):\d+\)?$`)
	javaLine = regexp.MustCompile(`^\s+at ((?:[\w$]+\.)*)([\w$<>]+)\.([\w$<>]+)\(([\w$]+\.java):(\d+)\)$`)
)

// ParseFrames reads the frames of the first trace in text, innermost
// first, whatever the language: Go panics, Python tracebacks (written
// innermost last), Node stacks and Java stacks.
func ParseFrames(text string) []Frame {
	lines := strings.Split(text, "\n")
	var out []Frame
	python := false
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		if m := pyFrame.FindStringSubmatch(l); m != nil {
			python = true
			n, _ := strconv.Atoi(m[2])
			out = append(out, Frame{File: m[1], Line: n, Func: m[3]})
			continue
		}
		if m := javaLine.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[5])
			dir := strings.ReplaceAll(strings.TrimSuffix(m[1], "."), ".", "/")
			f := m[4]
			if dir != "" {
				f = dir + "/" + f
			}
			out = append(out, Frame{File: f, Line: n, Func: m[3]})
			continue
		}
		if m := jsFrame.FindStringSubmatch(l); m != nil {
			if strings.HasPrefix(m[2], "node:") {
				continue
			}
			n, _ := strconv.Atoi(m[3])
			out = append(out, Frame{File: m[2], Line: n, Func: lastName(m[1])})
			continue
		}
		if m := goFile.FindStringSubmatch(l); m != nil && i > 0 {
			n, _ := strconv.Atoi(m[2])
			fn := ""
			if fm := goFunc.FindStringSubmatch(strings.TrimSpace(lines[i-1])); fm != nil {
				fn = goName(fm[2])
			}
			out = append(out, Frame{File: m[1], Line: n, Func: fn})
		}
	}
	if python {
		var py []Frame
		for _, f := range out {
			if strings.HasSuffix(f.File, ".py") && f.Func != "<module>" {
				py = append(py, f)
			}
		}
		for i, j := 0, len(py)-1; i < j; i, j = i+1, j-1 {
			py[i], py[j] = py[j], py[i]
		}
		return py
	}
	return out
}

// goName is the function of a Go frame as git log -L knows it: the method
// or function name, without receiver and closure suffixes.
func goName(s string) string {
	parts := strings.Split(s, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		if strings.HasPrefix(p, "func") && len(p) > 4 && p[4] >= '0' && p[4] <= '9' {
			continue
		}
		return strings.Trim(p, "()*")
	}
	return ""
}

func lastName(s string) string {
	if s == "" || s == "<anonymous>" {
		return ""
	}
	if i := strings.LastIndex(s, "."); i >= 0 {
		s = s[i+1:]
	}
	if s == "<anonymous>" {
		return ""
	}
	return s
}

// MapPath maps a trace's file to a repository file the simple way: the
// repository file sharing the longest suffix of whole path components with
// the trace's path (at least the base name), the shortest such file on a
// tie. So /usr/lib/python3/dist-packages/click/core.py maps to
// src/click/core.py and com/x/Y.java to src/main/java/com/x/Y.java. It
// returns "" when no file has the trace's base name.
func MapPath(traceFile string, repoFiles []string) string {
	t := strings.Split(strings.Trim(strings.ReplaceAll(traceFile, "\\", "/"), "/"), "/")
	best, bestN := "", 0
	for _, f := range repoFiles {
		r := strings.Split(f, "/")
		n := 0
		for n < len(t) && n < len(r) && t[len(t)-1-n] == r[len(r)-1-n] {
			n++
		}
		if n > bestN || (n == bestN && n > 0 && len(f) < len(best)) {
			best, bestN = f, n
		}
	}
	return best
}
