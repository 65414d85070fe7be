// Package verify is the engine behind `hotfix verify`: given the files a
// change touched and their new content, it checks that the fix came with its
// tests (tests-touched), its doc comments (docs-touched) and, when a report is
// given, covered lines (coverage); it folds in the results of rules that run
// commands (tests-pass, repro), applies waivers and renders the report as
// text, JSON, GitHub workflow commands or SARIF. It never touches git: the
// caller supplies the change.
package verify

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/verify/coverage"
	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
	"github.com/hotfix-dev/hotfix/pkg/verify/testlayout"
)

// ReportVersion is the version of the JSON report schema (docs/verify.md).
const ReportVersion = 1

// Status is a rule's outcome.
type Status string

// Rule outcomes.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Waived  Status = "waived"
	Skipped Status = "skipped"
)

// Hunk is a changed region of a file, as in a unified diff: OldLines lines
// from OldStart became NewLines lines from NewStart.
type Hunk struct {
	OldStart, OldLines, NewStart, NewLines int
}

// Change is one file the change touched.
type Change struct {
	// Path is the file's path after the change (slash-separated, relative
	// to the repository root).
	Path string
	// OldPath is its path before, "" when it was added.
	OldPath string
	// Status is 'A' added, 'M' modified, 'D' deleted or 'R' renamed.
	Status byte
	// Binary files have no hunks and are not analysed.
	Binary bool
	// Kind is "symlink" or "submodule" for a path that is not a regular
	// file (it has no lines to check), "" otherwise.
	Kind string
	// SameContent is set when the content did not change (a pure rename,
	// a change of mode only): no hunks are expected.
	SameContent bool
	// Hunks are the changed regions.
	Hunks []Hunk
}

// Excluded is a changed path the rules did not check, and why.
type Excluded struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Reasons a changed path is not checked (Excluded.Reason).
const (
	ReasonConfigExclude = "excluded by verify.exclude"
	ReasonBinary        = "binary by content"
	ReasonLanguage      = "not a language verify understands"
	ReasonSymlink       = "a symbolic link"
	ReasonSubmodule     = "a submodule"
	ReasonDeleted       = "deleted"
	ReasonVersionBump   = "only its version changed (release.version_files)"
	ReasonGoIgnored     = "a Go file the go tool ignores (a file or directory whose name starts with _ or .)"
)

// Finding is one thing to fix.
type Finding struct {
	// Rule is the rule's id.
	Rule string `json:"rule"`
	// Path is the file, "" for findings about the whole change.
	Path string `json:"path,omitempty"`
	// Line is the 1-based line, 0 when the finding has none.
	Line int `json:"line,omitempty"`
	// EndLine is the last line of a range, 0 for a single line.
	EndLine int `json:"end_line,omitempty"`
	// Symbol is the declaration concerned, if any.
	Symbol string `json:"symbol,omitempty"`
	// Message says what is wrong and what to do.
	Message string `json:"message"`
	// Kind tells apart a rule's kinds of finding where it has several
	// (coverage: FindingNotCovered, FindingNotMeasured); "" otherwise.
	Kind string `json:"kind,omitempty"`
}

// Kinds of coverage finding (Finding.Kind).
const (
	// FindingNotCovered is a changed executable line of a file the
	// coverage report holds that no test ran.
	FindingNotCovered = "not-covered"
	// FindingNotMeasured is a changed file the coverage report does not
	// hold at all: nothing is known of its lines.
	FindingNotMeasured = "not-measured"
)

// Waiver lets a rule fail without failing the verdict, for a stated reason.
type Waiver struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
	// Source is "flag" or "trailer <commit>".
	Source string `json:"source"`
}

// RuleResult is one rule's outcome.
type RuleResult struct {
	ID      string `json:"id"`
	Status  Status `json:"status"`
	Summary string `json:"summary"`
	// Output is the tail of a command's output (tests-pass, repro).
	Output string `json:"output,omitempty"`
	// Notes say why a passing part passed, one line each: for
	// tests-touched, which test exercises each changed source file.
	Notes []string `json:"notes,omitempty"`
}

// Report is the verdict on a change.
type Report struct {
	Version   int          `json:"version"`
	Passed    bool         `json:"passed"`
	Base      string       `json:"base"`
	MergeBase string       `json:"merge_base"`
	Head      string       `json:"head"`
	Worktree  bool         `json:"worktree"`
	Files     int          `json:"files"`
	Rules     []RuleResult `json:"rules"`
	Findings  []Finding    `json:"findings"`
	Waivers   []Waiver     `json:"waivers"`
	// Policy says which policy governed the check (e.g. ".hotfix.yaml at
	// origin/main (3f2a1c9d00)"); empty when the caller did not say.
	Policy string `json:"policy,omitempty"`
	// Notices are warnings for the reader: the change edits the policy,
	// a waiver the policy does not accept was ignored.
	Notices []string `json:"notices,omitempty"`
	// Excluded lists every changed path the rules did not check, with
	// the reason; every other changed path was checked.
	Excluded []Excluded `json:"excluded,omitempty"`
	// NothingChecked, when set, says why the policy checked nothing of the
	// change (no rules; excludes that leave no changed source file): the
	// verdict is then failed, never passed.
	NothingChecked string `json:"nothing_checked,omitempty"`
}

// CheckedNothing marks r as a check of nothing, for why: failed, with the
// reason, whatever its rules said.
func (r *Report) CheckedNothing(why string) {
	r.NothingChecked = why
	r.Passed = false
}

// Input is what the static rules read.
type Input struct {
	// Changes are the changed files.
	Changes []Change
	// Read returns a file's content after the change. The rules ask for
	// changed files and also for files the change did not touch (a test's
	// imports, a test runner's configuration), so it reads any path.
	Read func(path string) ([]byte, error)
	// ReadOld returns a file's content before the change, by its old path
	// (Change.OldPath, or Path when it was not renamed). Nil when the
	// caller cannot say; the rules then judge by the changed lines alone
	// (every change may change behaviour; a declaration is new only when
	// all its lines are added).
	ReadOld func(path string) ([]byte, error)
	// Paths lists the repository's files after the change, for hints that
	// name the tests a file already has. Nil when the caller cannot say.
	Paths func() ([]string, error)
	// Policy is the verify section of the config.
	Policy config.Verify
	// Coverage is the parsed coverage report, nil when none was given.
	Coverage *coverage.Profile
}

// NeedsContent reports whether the rules read a path's changed lines: a
// source or test file in a language verify understands, not excluded by the
// policy. Callers use it to diff only what matters.
func NeedsContent(policy config.Verify, p string) bool {
	return ContentFilter(policy)(p)
}

// ContentFilter is NeedsContent for many paths: it reads the policy's
// excludes once and returns the test for one path.
func ContentFilter(policy config.Verify) func(p string) bool {
	m := excludeMatcher(policy)
	return func(p string) bool {
		return lang.For(p) != nil && !m.Match(strings.Split(p, "/"), false)
	}
}

// UncheckedSources returns the number of the change's source files when
// the policy's excludes leave none of them checked, and 0 otherwise (a
// check of nothing is not a pass: the caller reports it). A source file
// here is a file in a language verify reads, not deleted, and not under a
// path the default policy calls non-source (config.Default's
// verify.exclude: examples, docs, build, CI and benchmark files, vendored
// and generated code): a change of only those has nothing to check by
// design, as a change of only documentation has, and passes; a change of
// only files the team's own patterns exclude is a check of nothing.
func UncheckedSources(policy config.Verify, changes []Change) int {
	needs := ContentFilter(policy)
	nonSource := excludeMatcher(config.Default().Verify)
	sources := 0
	for _, c := range changes {
		if c.Status == 'D' || lang.For(c.Path) == nil {
			continue
		}
		if needs(c.Path) {
			return 0
		}
		if !nonSource.Match(strings.Split(c.Path, "/"), false) {
			sources++
		}
	}
	return sources
}

func excludeMatcher(policy config.Verify) gitignore.Matcher {
	var patterns []gitignore.Pattern
	for _, p := range policy.Exclude {
		patterns = append(patterns, gitignore.ParsePattern(p, nil))
	}
	return gitignore.NewMatcher(patterns)
}

// File is a changed file with what the rules need to know about it: its
// language, whether it is a test or excluded, and its changed lines. Prepare
// builds them from an Input; a rule's check reads them.
type File struct {
	Change
	an       lang.Analyzer
	test     bool
	excluded bool
	// goIgnored: a Go file the go tool never builds (goIgnored).
	goIgnored bool
	added     map[int]bool // lines added or rewritten
	touched   map[int]bool // added lines, plus the lines around pure deletions
	// deletedAfter holds, for each pure deletion, the line after which
	// its lines were (0: before the first).
	deletedAfter map[int]bool
	firstNew     int
	// parse holds the file's content after the change and its
	// declarations, read once for all the rules (File.parsed).
	parseOnce sync.Once
	content   []byte
	decls     []lang.Decl
	readErr   error
	parseErr  error
}

// layoutLine reports whether line n (1-based) of f after the change holds
// nothing but blanks, braces, brackets, parentheses or ';' (false when the
// content was not read).
func (f *File) layoutLine(n int) bool {
	if f.content == nil || n < 1 {
		return false
	}
	start := 0
	for i := 1; i < n; i++ {
		k := bytes.IndexByte(f.content[start:], '\n')
		if k < 0 {
			return false
		}
		start += k + 1
	}
	end := bytes.IndexByte(f.content[start:], '\n')
	if end < 0 {
		end = len(f.content) - start
	}
	for _, c := range f.content[start : start+end] {
		switch c {
		case ' ', '\t', '\r', '{', '}', '(', ')', '[', ']', ';':
		default:
			return false
		}
	}
	return true
}

// parsed returns f's content after the change and its declarations,
// reading and parsing them on the first call only; safe for concurrent
// use.
func (f *File) parsed(in *Input) (src []byte, decls []lang.Decl, readErr, parseErr error) {
	f.parseOnce.Do(func() {
		f.content, f.readErr = in.Read(f.Path)
		if f.readErr == nil && f.an != nil {
			f.decls, f.parseErr = f.an.Decls(f.Path, f.content)
		}
	})
	return f.content, f.decls, f.readErr, f.parseErr
}

// source reports whether the file is non-test source code the rules apply to.
func (f *File) source() bool {
	return f.an != nil && !f.test && !f.excluded && !f.goIgnored && !f.Binary && f.Kind == "" && f.Status != 'D'
}

// exclusion says why the rules do not check f, or "" when they do.
func (f *File) exclusion() string {
	switch {
	case f.Status == 'D':
		return ReasonDeleted
	case f.Kind == "symlink":
		return ReasonSymlink
	case f.Kind == "submodule":
		return ReasonSubmodule
	case f.an == nil:
		return ReasonLanguage
	case f.excluded:
		return ReasonConfigExclude
	case f.goIgnored:
		return ReasonGoIgnored
	case f.Binary:
		return ReasonBinary
	}
	return ""
}

// Exclusions lists the changed paths of in that the rules do not check,
// each with its reason, in path order.
func Exclusions(in *Input) []Excluded {
	var out []Excluded
	for _, f := range Prepare(in) {
		if why := f.exclusion(); why != "" {
			out = append(out, Excluded{Path: f.Path, Reason: why})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// unread reports whether f is source whose content changed (the change
// lists it as added with content, modified or renamed with an edit) but
// whose changed lines were never read: no hunks. The rules fail such a
// file rather than skip it.
func unread(in *Input, f *File) bool {
	if !f.source() || len(f.Hunks) > 0 || f.SameContent {
		return false
	}
	if f.Status == 'A' {
		b, err := in.Read(f.Path)
		return err != nil || len(b) > 0
	}
	return true
}

// unreadFinding is the finding of rule for an unread file (see unread).
func unreadFinding(rule string, f *File) Finding {
	return Finding{Rule: rule, Path: f.Path, Message: fmt.Sprintf("the change lists this file as %s, but verify read no changed lines from it, so it cannot be checked; this is a bug in hotfix (please report it), and the file fails until then", statusWord(f.Status))}
}

func statusWord(s byte) string {
	switch s {
	case 'A':
		return "added"
	case 'R':
		return "renamed and edited"
	}
	return "modified"
}

// Prepare reads the changed files of in once for all the rules: each file's
// language, whether it is a test or excluded by the policy, and its changed
// lines. A file is a test by its language's conventions or when the
// repository's test configuration declares it one (package testlayout).
func Prepare(in *Input) []*File {
	m := excludeMatcher(in.Policy)
	layout := testlayout.New(in.Read)
	var out []*File
	for _, c := range in.Changes {
		f := &File{Change: c, an: lang.For(c.Path), added: map[int]bool{}, touched: map[int]bool{}, deletedAfter: map[int]bool{}}
		f.excluded = m.Match(strings.Split(c.Path, "/"), false)
		if f.an != nil {
			f.test = f.an.IsTest(c.Path) || layout.IsTest(f.an.Name(), c.Path)
			f.goIgnored = f.an.Name() == "go" && goIgnored(c.Path)
			f.test = f.test && !f.goIgnored
		}
		for _, h := range c.Hunks {
			for l := h.NewStart; l < h.NewStart+h.NewLines; l++ {
				f.added[l] = true
				f.touched[l] = true
			}
			if h.NewLines == 0 {
				f.touched[h.NewStart] = true
				f.touched[h.NewStart+1] = true
				f.deletedAfter[h.NewStart] = true
			}
			if f.firstNew == 0 || (h.NewStart > 0 && h.NewStart < f.firstNew) {
				f.firstNew = h.NewStart
			}
		}
		if f.firstNew == 0 && len(c.Hunks) > 0 {
			f.firstNew = 1
		}
		out = append(out, f)
	}
	return out
}

// goIgnored reports whether the go tool ignores the Go file at p: a file
// or directory on its path whose name starts with _ or . is no part of any
// package it builds, vets or tests (go help packages), as _examples/ is
// not. testdata/ is excluded by the default policy instead.
func goIgnored(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, "_") || strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// generated reports whether Go source carries the "Code generated ... DO NOT
// EDIT." marker, which exempts it from the rules.
func generated(src []byte) bool {
	head := src
	if len(head) > 4096 {
		head = head[:4096]
	}
	for _, line := range strings.Split(string(head), "\n") {
		if strings.HasPrefix(line, "// Code generated ") && strings.HasSuffix(strings.TrimSpace(line), "DO NOT EDIT.") {
			return true
		}
	}
	return false
}

// Check runs the Static rules listed in rules (tests-touched, docs-touched,
// coverage) and returns their results and findings in the order listed;
// Command rules and unknown ids are left out.
func Check(ctx context.Context, in Input, rules []string) ([]RuleResult, []Finding) {
	files := Prepare(&in)
	// The rules run side by side (they share the files' reads and parses,
	// File.parsed); their results are gathered in the order listed.
	type outcome struct {
		ran      bool
		res      RuleResult
		findings []Finding
	}
	outs := make([]outcome, len(rules))
	var wg sync.WaitGroup
	for i, id := range rules {
		r, ok := Lookup(id)
		if !ok || r.Kind != Static {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, fs := r.Check(&in, files)
			outs[i] = outcome{true, res, fs}
		}()
	}
	wg.Wait()
	var results []RuleResult
	var findings []Finding
	for _, o := range outs {
		if o.ran {
			results = append(results, o.res)
			findings = append(findings, o.findings...)
		}
	}
	return results, findings
}

// Assemble builds the report: it orders the rules, marks failed rules that a
// waiver covers as waived, and decides the verdict.
func Assemble(r *Report, results []RuleResult, findings []Finding, waivers []Waiver) *Report {
	waived := map[string]bool{}
	for _, w := range waivers {
		waived[w.Rule] = true
	}
	order := ruleIndex()
	sort.SliceStable(results, func(i, j int) bool { return order[results[i].ID] < order[results[j].ID] })
	r.Version = ReportVersion
	r.Passed = true
	for i := range results {
		if results[i].Status == Failed {
			if waived[results[i].ID] {
				results[i].Status = Waived
			} else {
				r.Passed = false
			}
		}
	}
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if order[a.Rule] != order[b.Rule] {
			return order[a.Rule] < order[b.Rule]
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	r.Rules = results
	r.Findings = findings
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	r.Waivers = waivers
	if r.Waivers == nil {
		r.Waivers = []Waiver{}
	}
	return r
}

// ParseWaiver reads "RULE=REASON" (the flag's form); a waiver needs a known
// rule and a reason.
func ParseWaiver(s string) (Waiver, error) {
	rule, reason, ok := strings.Cut(s, "=")
	rule, reason = strings.TrimSpace(rule), strings.TrimSpace(reason)
	if !ok || reason == "" {
		return Waiver{}, fmt.Errorf("waiver %q has no reason: write --waive %s=REASON", s, rule)
	}
	if _, known := Lookup(rule); !known {
		return Waiver{}, fmt.Errorf("waiver %q names an unknown rule (rules: %s)", s, strings.Join(IDs(), ", "))
	}
	return Waiver{Rule: rule, Reason: reason, Source: "flag"}, nil
}

// TrailerKey is the commit trailer that carries a waiver:
// "Hotfix-Waive: RULE: REASON".
const TrailerKey = "Hotfix-Waive"

// ParseTrailers reads the waivers in a commit message. A trailer with an
// unknown rule or no reason is an error, so that a typo never silently
// fails to waive (or silently waives).
func ParseTrailers(commit, message string) ([]Waiver, error) {
	var out []Waiver
	for _, line := range strings.Split(message, "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(key), TrailerKey) {
			continue
		}
		rule, reason, _ := strings.Cut(val, ":")
		rule, reason = strings.TrimSpace(rule), strings.TrimSpace(reason)
		short := commitid.Short(commit)
		if _, known := Lookup(rule); !known {
			return nil, fmt.Errorf("commit %s: trailer %q names an unknown rule (rules: %s)", short, strings.TrimSpace(line), strings.Join(IDs(), ", "))
		}
		if reason == "" {
			return nil, fmt.Errorf("commit %s: trailer %q has no reason: write %s: %s: REASON", short, strings.TrimSpace(line), TrailerKey, rule)
		}
		out = append(out, Waiver{Rule: rule, Reason: reason, Source: "trailer " + short})
	}
	return out, nil
}
