package suspecteval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/clock"
	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/hotfixcmd"
	"github.com/hotfix-dev/hotfix/internal/iostreams"
)

// Methods are the ranking methods compared, in the order printed.
var Methods = []string{"hotfix", "blame", "log-L"}

// Limit is how many suspects hotfix is asked for.
const Limit = 50

// Hotfix ranks good..bad in the work tree dir with `hotfix triage suspects
// --good G --bad B --logs TRACE --json --limit 50`, run in-process through
// the same command tree as the CLI (hotfixcmd.Run), and returns the
// suspects' commits, most suspect first.
func Hotfix(ctx context.Context, dir, good, bad, trace string) ([]string, error) {
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Clock: clock.Real{}, Getenv: func(string) string { return "" }}
	args := []string{"--repo", dir, "triage", "suspects", "--good", good, "--bad", bad, "--logs", trace, "--json", "--limit", strconv.Itoa(Limit)}
	if code := hotfixcmd.Run(ctx, f, args); code != 0 {
		return nil, fmt.Errorf("hotfix triage suspects: exit %d: %s", code, strings.TrimSpace(errOut.String()))
	}
	var res struct {
		Suspects []struct {
			Commit string `json:"commit"`
		} `json:"suspects"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("hotfix triage suspects --json: %v", err)
	}
	var ids []string
	for _, s := range res.Suspects {
		ids = append(ids, s.Commit)
	}
	return ids, nil
}

// Blame ranks by `git blame` at bad on each frame's line, frames in order:
// a commit's rank is the order in which blame first names it; commits
// outside good..bad are skipped.
func Blame(ctx context.Context, dir, bad string, frames []Frame, inRange map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range frames {
		if f.File == "" || f.Line <= 0 {
			continue
		}
		b, err := gitOut(ctx, dir, "blame", "--porcelain", "-L", fmt.Sprintf("%d,%d", f.Line, f.Line), bad, "--", f.File)
		if err != nil {
			continue
		}
		id, _, _ := strings.Cut(string(b), " ")
		if inRange[id] && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// LogL ranks by `git log -L :func:file good..bad` on each frame, frames in
// order and the newest commit first within a frame; when git cannot find
// the function it follows lines line-3..line+3 instead.
func LogL(ctx context.Context, dir, good, bad string, frames []Frame) []string {
	var out []string
	seen := map[string]bool{}
	rng := good + ".." + bad
	for _, f := range frames {
		if f.File == "" {
			continue
		}
		var b []byte
		err := fmt.Errorf("no function")
		if f.Func != "" {
			b, err = gitOut(ctx, dir, "log", "--no-patch", "--format=%H", "-L", ":"+funcRegexp(f.Func)+":"+f.File, rng)
		}
		if err != nil && f.Line > 0 {
			lo := f.Line - 3
			if lo < 1 {
				lo = 1
			}
			b, err = gitOut(ctx, dir, "log", "--no-patch", "--format=%H", "-L", fmt.Sprintf("%d,%d:%s", lo, f.Line+3, f.File), rng)
		}
		if err != nil {
			continue
		}
		for _, id := range strings.Fields(string(b)) {
			if len(id) == 40 && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// funcRegexp is the -L :funcname: pattern for a function: git matches it
// against the lines its function-name rules pick, so the bare name with a
// word boundary before it is enough.
func funcRegexp(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`\.+*?()|[]{}^$:`, r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return `\b` + b.String() + `\b`
}

// RangeSet is the set of commits in good..bad.
func RangeSet(ctx context.Context, dir, good, bad string) (map[string]bool, error) {
	b, err := gitOut(ctx, dir, "rev-list", good+".."+bad)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, id := range strings.Fields(string(b)) {
		set[id] = true
	}
	return set, nil
}

// MapFrames rewrites each frame's file to the repository file at rev it
// maps to (MapPath); frames that map to nothing keep an empty file.
func MapFrames(ctx context.Context, dir, rev string, frames []Frame) ([]Frame, error) {
	b, err := gitOut(ctx, dir, "ls-tree", "-r", "--name-only", rev)
	if err != nil {
		return nil, err
	}
	files := strings.Split(strings.TrimSpace(string(b)), "\n")
	out := make([]Frame, len(frames))
	for i, f := range frames {
		f.File = MapPath(f.File, files)
		out[i] = f
	}
	return out, nil
}

func gitOut(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
