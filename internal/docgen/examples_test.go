package docgen

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kballard/go-shellquote"
)

// An example is one documented hotfix command line and where it is.
type example struct {
	where string
	line  string
}

// examples collects the hotfix command lines in the fenced code blocks of
// the README and docs/*.md, joining continued lines; in console blocks only
// the lines after a "$ " prompt are commands.
func examples(t *testing.T) []example {
	files, _ := filepath.Glob("../../docs/*.md")
	files = append(files, "../../README.md")
	var out []example
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		inCode, console, n, pending, start := false, false, 0, "", 0
		for sc.Scan() {
			n++
			line := sc.Text()
			if fence := strings.TrimSpace(line); strings.HasPrefix(fence, "```") {
				inCode = !inCode
				console = inCode && strings.TrimPrefix(fence, "```") == "console"
				continue
			}
			if !inCode {
				continue
			}
			if pending != "" {
				line = pending + " " + strings.TrimSpace(line)
			} else {
				start = n
			}
			if strings.HasSuffix(line, "\\") {
				pending = strings.TrimSuffix(line, "\\")
				continue
			}
			pending = ""
			cmd := strings.TrimSpace(line)
			if console && !strings.HasPrefix(cmd, "$ ") {
				continue // output, not a command
			}
			cmd = strings.TrimPrefix(cmd, "$ ")
			if strings.HasPrefix(cmd, "hotfix ") {
				out = append(out, example{where: filepath.Base(f) + ":" + strconv.Itoa(start), line: cmd})
			}
		}
	}
	return out
}

// Every hotfix command the README and docs show names a real command and
// only flags it has, with arguments it accepts: documentation cannot drift
// from the commands.
func TestDocumentedCommandsParse(t *testing.T) {
	ex := examples(t)
	if len(ex) < 20 {
		t.Fatalf("found only %d documented commands; is the scanner broken?", len(ex))
	}
	for _, e := range ex {
		words, err := shellquote.Split(e.line)
		if err != nil {
			// Not a shell line (prose inside a code block).
			continue
		}
		args := words[1:]
		for i, w := range args {
			if strings.HasPrefix(w, "#") || w == "|" || w == ">" || w == "&&" || w == ";" || w == "<" || w == "2>&1" {
				args = args[:i]
				break
			}
		}
		var clean []string
		for _, w := range args {
			w = strings.Trim(w, "[]")
			if w != "" && w != "..." {
				clean = append(clean, w)
			}
		}
		root := Root()
		root.InitDefaultVersionFlag() // cobra adds --version when it executes
		cmd, rest, err := root.Find(clean)
		if err != nil || (cmd == root && len(rest) > 0 && !strings.HasPrefix(rest[0], "-")) {
			t.Errorf("%s: %q: no such command", e.where, e.line)
			continue
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("%s: %q: %v", e.where, e.line, err)
			continue
		}
		if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
			t.Errorf("%s: %q: %v", e.where, e.line, err)
		}
	}
}
