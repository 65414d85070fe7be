// Package verify is the engine behind `hotfix verify`: given the files a
// change touched and their new content, it checks that the fix came with its
// tests (tests-touched), its doc comments (docs-touched) and, when a report is
// given, covered lines (coverage); it folds in the results of rules that run
// commands (tests-pass, repro), applies waivers and renders the report as
// text, JSON, GitHub workflow commands or SARIF. It never touches git: the
// caller supplies the change.
package verify

import (
	"context"
	"fmt"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/verify/coverage"
	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
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
	// Hunks are the changed regions.
	Hunks []Hunk
}

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
}

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
}

// Input is what the static rules read.
type Input struct {
	// Changes are the changed files.
	Changes []Change
	// Read returns a file's content after the change.
	Read func(path string) ([]byte, error)
	// Policy is the verify section of the config.
	Policy config.Verify
	// Coverage is the parsed coverage report, nil when none was given.
	Coverage *coverage.Profile
}

// NeedsContent reports whether the rules read a path's changed lines: a
// source or test file in a language verify understands, not excluded by the
// policy. Callers use it to diff only what matters.
func NeedsContent(policy config.Verify, p string) bool {
	return lang.For(p) != nil && !excludeMatcher(policy).Match(strings.Split(p, "/"), false)
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
	added    map[int]bool // lines added or rewritten
	touched  map[int]bool // added lines, plus the lines around pure deletions
	firstNew int
}

// source reports whether the file is non-test source code the rules apply to.
func (f *File) source() bool {
	return f.an != nil && !f.test && !f.excluded && !f.Binary && f.Status != 'D'
}

// Prepare reads the changed files of in once for all the rules: each file's
// language, whether it is a test or excluded by the policy, and its changed
// lines.
func Prepare(in *Input) []*File {
	m := excludeMatcher(in.Policy)
	var out []*File
	for _, c := range in.Changes {
		f := &File{Change: c, an: lang.For(c.Path), added: map[int]bool{}, touched: map[int]bool{}}
		f.excluded = m.Match(strings.Split(c.Path, "/"), false)
		if f.an != nil {
			f.test = f.an.IsTest(c.Path)
		}
		for _, h := range c.Hunks {
			for l := h.NewStart; l < h.NewStart+h.NewLines; l++ {
				f.added[l] = true
				f.touched[l] = true
			}
			if h.NewLines == 0 {
				f.touched[h.NewStart] = true
				f.touched[h.NewStart+1] = true
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

// TestsTouched checks that each changed source file has a test added or
// changed for it (per-file), or that some test was (any-test).
func TestsTouched(in *Input, files []*File) (RuleResult, []Finding) {
	var tests []*File
	for _, f := range files {
		if f.an != nil && f.test && f.Status != 'D' && !f.Binary {
			tests = append(tests, f)
		}
	}
	var findings []Finding
	checked := 0
	for _, f := range files {
		if !f.source() || len(f.Hunks) == 0 {
			continue
		}
		checked++
		ok := false
		for _, t := range tests {
			if in.Policy.TestsTouched.Mode == config.ModeAnyTest || f.an.TestsFor(f.Path, t.Path) {
				ok = true
				break
			}
		}
		if !ok {
			findings = append(findings, Finding{Rule: config.RuleTestsTouched, Path: f.Path, Line: f.firstNew,
				Message: "no test was added or changed for this file; " + testHint(f)})
		}
	}
	res := RuleResult{ID: config.RuleTestsTouched, Status: Passed}
	switch {
	case checked == 0:
		res.Summary = "no source files changed"
	case len(findings) == 0:
		res.Summary = fmt.Sprintf("%d changed source file(s) have tests changed with them", checked)
	default:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d of %d changed source file(s) have no test changed with them", len(findings), checked)
	}
	return res, findings
}

func testHint(f *File) string {
	dir, base := path.Split(f.Path)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	switch f.an.Name() {
	case "go":
		return "add or update a test in " + path.Join(dir, stem+"_test.go") + " (or another _test.go file in its package)"
	case "python":
		return "add or update test_" + base + " beside it or in the tests/ tree"
	case "javascript":
		return "add or update " + path.Join(dir, stem+".test"+ext) + " (or a .spec or __tests__ file)"
	case "java":
		p := strings.Replace(f.Path, "src/main/", "src/test/", 1)
		return "add or update " + strings.TrimSuffix(p, ".java") + "Test.java"
	}
	return "add or update its test"
}

// parsed is one file's declarations, read and parsed ahead.
type parsed struct {
	decls     []lang.Decl
	generated bool
	readErr   error
	parseErr  error
}

// parseAll reads and parses the changed source files on all CPUs; the
// result is indexed like files.
func parseAll(in *Input, files []*File) []parsed {
	out := make([]parsed, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f := files[i]
				src, err := in.Read(f.Path)
				if err != nil {
					out[i].readErr = err
					continue
				}
				if f.an.Name() == "go" && generated(src) {
					out[i].generated = true
					continue
				}
				out[i].decls, out[i].parseErr = f.an.Decls(f.Path, src)
			}
		}()
	}
	for i, f := range files {
		if f.source() && len(f.touched) > 0 {
			work <- i
		}
	}
	close(work)
	wg.Wait()
	return out
}

// DocsTouched checks the doc comments of the declarations the change added
// or modified.
func DocsTouched(in *Input, files []*File) (RuleResult, []Finding) {
	var findings []Finding
	decls, unreadable := 0, 0
	var errs []string
	parsed := parseAll(in, files)
	for i, f := range files {
		if !f.source() || len(f.touched) == 0 {
			continue
		}
		pr := parsed[i]
		if pr.readErr != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", f.Path, pr.readErr))
			continue
		}
		if pr.generated {
			continue
		}
		ds, err := pr.decls, pr.parseErr
		if err != nil {
			findings = append(findings, Finding{Rule: config.RuleDocsTouched, Path: f.Path, Line: f.firstNew,
				Message: fmt.Sprintf("cannot be read as %s source (%v); fix the syntax so its doc comments can be checked", f.an.Name(), firstLine(err))})
			unreadable++
			continue
		}
		for _, d := range ds {
			touched, added := false, true
			for l := d.Start; l <= d.End; l++ {
				if f.touched[l] {
					touched = true
				}
				if !f.added[l] {
					added = false
				}
			}
			if !touched {
				continue
			}
			decls++
			if fd, bad := docFinding(f, d, added, in.Policy.DocsTouched); bad {
				findings = append(findings, fd)
			}
		}
	}
	res := RuleResult{ID: config.RuleDocsTouched, Status: Passed}
	switch {
	case len(errs) > 0:
		res.Status = Failed
		res.Summary = "could not read: " + strings.Join(errs, "; ")
	case unreadable > 0:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d changed file(s) could not be parsed; %d of %d declaration(s) need doc comments", unreadable, len(findings)-unreadable, decls)
	case decls == 0:
		res.Summary = "no declarations added or changed"
	case len(findings) == 0:
		res.Summary = fmt.Sprintf("%d added or changed declaration(s) are documented", decls)
	default:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d of %d added or changed declaration(s) need doc comments", len(findings), decls)
	}
	return res, findings
}

func docFinding(f *File, d lang.Decl, added bool, p config.DocsTouched) (Finding, bool) {
	fd := Finding{Rule: config.RuleDocsTouched, Path: f.Path, Line: d.Start, Symbol: d.Name}
	what := map[string]string{"go": "a doc comment", "python": "a docstring", "javascript": "a JSDoc comment (/** ... */)", "java": "a Javadoc comment (/** ... */)"}[f.an.Name()]
	short := d.Name
	if i := strings.LastIndexByte(short, '.'); i >= 0 {
		short = short[i+1:]
	}
	if !d.HasDoc() {
		switch {
		case d.Exported && added:
			fd.Message = fmt.Sprintf("new %s %s has no doc comment; add %s", kindWord(d), d.Name, what)
		case d.Exported:
			fd.Message = fmt.Sprintf("%s %s changed and has no doc comment; add %s", kindWord(d), d.Name, what)
		case added && p.AllAdded:
			fd.Message = fmt.Sprintf("new %s %s has no doc comment; the policy asks for one on every added declaration: add %s", kindWord(d), d.Name, what)
		default:
			return fd, false
		}
		if f.an.Name() == "go" {
			fd.Message += fmt.Sprintf(" starting with %q", short)
		}
		return fd, true
	}
	if f.an.Name() == "go" && d.Exported && !d.GroupDoc && !lang.DocStartsWithName(d) {
		fd.Line = d.DocStart
		fd.Message = fmt.Sprintf("the doc comment of %s should start with %q, as Go convention asks", d.Name, short)
		return fd, true
	}
	if p.RequireUpdate && !added && d.BodyStart > 0 {
		bodyChanged := false
		for l := d.BodyStart; l <= d.End; l++ {
			if f.touched[l] {
				bodyChanged = true
				break
			}
		}
		commentChanged := false
		for _, l := range d.CommentLines {
			if f.added[l] {
				commentChanged = true
				break
			}
		}
		for l := d.DocStart; l <= d.DocEnd && !commentChanged; l++ {
			if f.added[l] {
				commentChanged = true
			}
		}
		if bodyChanged && !commentChanged {
			fd.Message = fmt.Sprintf("the body of %s changed but none of its comments did; update its doc comment (or a comment inside) to match the new logic", d.Name)
			return fd, true
		}
	}
	return fd, false
}

func kindWord(d lang.Decl) string {
	if d.Kind == "" {
		return "declaration"
	}
	return d.Kind
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// Coverage checks that the changed executable lines are covered.
func Coverage(in *Input, files []*File) (RuleResult, []Finding) {
	res := RuleResult{ID: config.RuleCoverage, Status: Passed}
	var findings []Finding
	total, covered, known, candidates := 0, 0, 0, 0
	for _, f := range files {
		if !f.source() || len(f.added) == 0 || !covers(in.Coverage.Format, f.an.Name()) {
			continue
		}
		candidates++
		cf, ok := in.Coverage.File(f.Path)
		if ok {
			known++
		}
		if !ok {
			if f.an.Name() == "go" {
				if src, err := in.Read(f.Path); err == nil && generated(src) {
					continue
				}
			}
			findings = append(findings, Finding{Rule: config.RuleCoverage, Path: f.Path, Line: f.firstNew,
				Message: "the coverage report has no data for this file; run its tests with coverage, or add tests for it"})
			total++
			continue
		}
		var lines []int
		for l := range f.added {
			lines = append(lines, l)
		}
		sort.Ints(lines)
		var run []int
		flush := func() {
			if len(run) == 0 {
				return
			}
			fd := Finding{Rule: config.RuleCoverage, Path: f.Path, Line: run[0]}
			if len(run) == 1 {
				fd.Message = fmt.Sprintf("changed line %d is not covered by the tests", run[0])
			} else {
				fd.EndLine = run[len(run)-1]
				fd.Message = fmt.Sprintf("changed lines %d-%d are not covered by the tests", run[0], run[len(run)-1])
			}
			findings = append(findings, fd)
			run = nil
		}
		for _, l := range lines {
			hits, exec := cf.Lines[l]
			if !exec {
				continue
			}
			total++
			if hits > 0 {
				covered++
				flush()
				continue
			}
			if len(run) > 0 && run[len(run)-1] != l-1 {
				flush()
			}
			run = append(run, l)
		}
		flush()
	}
	pct := 100.0
	if total > 0 {
		pct = 100 * float64(covered) / float64(total)
	}
	min := in.Policy.Coverage.MinPercent
	switch {
	case total == 0:
		res.Summary = "no changed executable lines"
	case min > 0 && pct >= min:
		res.Summary = fmt.Sprintf("%.1f%% of %d changed executable line(s) covered (minimum %.0f%%)", pct, total, min)
		findings = nil
	case min > 0:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%.1f%% of %d changed executable line(s) covered, below the minimum %.0f%%", pct, total, min)
	case covered == total:
		res.Summary = fmt.Sprintf("all %d changed executable line(s) covered", total)
	default:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d of %d changed executable line(s) not covered", total-covered, total)
	}
	if candidates > 0 && known == 0 {
		res.Summary += "; the report covers none of the changed files (was it written on another machine, with other paths, or for other packages?)"
	}
	return res, findings
}

// covers reports whether a report in format can hold lines of a language: a
// Go coverprofile only has Go files; LCOV and Cobertura have any.
func covers(format, language string) bool {
	return format != "go" || language == "go"
}

// Check runs the static rules listed in rules (tests-touched, docs-touched,
// coverage) and returns their results and findings in rule order.
func Check(ctx context.Context, in Input, rules []string) ([]RuleResult, []Finding) {
	files := Prepare(&in)
	var results []RuleResult
	var findings []Finding
	for _, id := range rules {
		var res RuleResult
		var fs []Finding
		switch id {
		case config.RuleTestsTouched:
			res, fs = TestsTouched(&in, files)
		case config.RuleDocsTouched:
			res, fs = DocsTouched(&in, files)
		case config.RuleCoverage:
			if in.Coverage == nil {
				res = RuleResult{ID: id, Status: Skipped, Summary: "no coverage report given (--coverage FILE or verify.coverage.file)"}
			} else {
				res, fs = Coverage(&in, files)
			}
		default:
			continue
		}
		results = append(results, res)
		findings = append(findings, fs...)
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
	order := map[string]int{}
	for i, id := range config.AllRules {
		order[id] = i
	}
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
	if !config.KnownRule(rule) {
		return Waiver{}, fmt.Errorf("waiver %q names an unknown rule (rules: %s)", s, strings.Join(config.AllRules, ", "))
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
		short := commit
		if len(short) > 7 {
			short = short[:7]
		}
		if !config.KnownRule(rule) {
			return nil, fmt.Errorf("commit %s: trailer %q names an unknown rule (rules: %s)", short, strings.TrimSpace(line), strings.Join(config.AllRules, ", "))
		}
		if reason == "" {
			return nil, fmt.Errorf("commit %s: trailer %q has no reason: write %s: %s: REASON", short, strings.TrimSpace(line), TrailerKey, rule)
		}
		out = append(out, Waiver{Rule: rule, Reason: reason, Source: "trailer " + short})
	}
	return out, nil
}
