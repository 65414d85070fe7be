package verify

import (
	"fmt"
	"sort"
)

// idCoverage is the rule's id, a constant so that its check can name it.
const idCoverage = "coverage"

// ruleCoverage asks that a coverage report cover the changed lines; it is off
// by default and runs whenever a report is given.
var ruleCoverage = Rule{
	ID:    idCoverage,
	Help:  "The changed executable lines are covered by the tests.",
	Kind:  Static,
	Check: Coverage,
}

// Coverage checks that the changed executable lines are covered; it is
// skipped when no report was given.
func Coverage(in *Input, files []*File) (RuleResult, []Finding) {
	if in.Coverage == nil {
		return RuleResult{ID: idCoverage, Status: Skipped, Summary: "no coverage report given (--coverage FILE or verify.coverage.file)"}, nil
	}
	res := RuleResult{ID: idCoverage, Status: Passed}
	var findings []Finding
	total, covered, known, candidates, unmeasured := 0, 0, 0, 0, 0
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
			findings = append(findings, notMeasured(f))
			unmeasured++
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
			fd := Finding{Rule: idCoverage, Path: f.Path, Line: run[0], Kind: FindingNotCovered}
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
	case total == 0 && unmeasured > 0:
		// Said below.
	case total == 0:
		res.Summary = "no changed executable lines"
	case min > 0 && pct >= min:
		res.Summary = fmt.Sprintf("%.1f%% of %d changed executable line(s) covered (minimum %.0f%%)", pct, total, min)
		findings = notMeasuredOnly(findings)
	case min > 0:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%.1f%% of %d changed executable line(s) covered, below the minimum %.0f%%", pct, total, min)
	case covered == total:
		res.Summary = fmt.Sprintf("all %d changed executable line(s) covered", total)
	default:
		res.Status = Failed
		res.Summary = fmt.Sprintf("%d of %d changed executable line(s) not covered", total-covered, total)
	}
	if unmeasured > 0 {
		// Nothing is known of an unmeasured file's lines: no share of
		// covered lines makes up for it.
		res.Status = Failed
		if res.Summary != "" {
			res.Summary += "; "
		}
		res.Summary += fmt.Sprintf("%d changed file(s) not measured (not in the coverage report)", unmeasured)
	}
	if candidates > 0 && known == 0 {
		res.Summary += "; the report measures none of the changed files (was it written on another machine, with other paths, or for other packages?)"
	}
	return res, findings
}

// notMeasured is the finding for a changed file the report does not hold.
func notMeasured(f *File) Finding {
	return Finding{Rule: idCoverage, Path: f.Path, Line: f.firstNew, Kind: FindingNotMeasured,
		Message: "not measured: " + f.Path + " is not in the coverage report; run the tests that cover it with coverage on, or add it to the report's sources"}
}

// notMeasuredOnly keeps the not-measured findings of fs.
func notMeasuredOnly(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Kind == FindingNotMeasured {
			out = append(out, f)
		}
	}
	return out
}

// covers reports whether a report in format can hold lines of a language: a
// Go coverprofile only has Go files; LCOV and Cobertura have any.
func covers(format, language string) bool {
	return format != "go" || language == "go"
}
