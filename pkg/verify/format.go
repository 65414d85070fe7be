package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/commitid"
)

// Formats the report can be written in.
var Formats = []string{"text", "json", "github", "sarif"}

// Write renders the report in format (text, json, github or sarif).
// toolVersion is recorded in SARIF.
func Write(w io.Writer, r *Report, format, toolVersion string) error {
	switch format {
	case "text", "":
		return WriteText(w, r, nil)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "github":
		return WriteGitHub(w, r)
	case "sarif":
		return WriteSARIF(w, r, toolVersion)
	}
	return fmt.Errorf("unknown format %q (formats: %s)", format, strings.Join(Formats, ", "))
}

// Paint colours a status word of the text report (PASSED, FAILED, the
// verdict) for a terminal; nil leaves the report plain.
type Paint func(s Status, text string) string

// WriteText renders the report for a person: each rule's outcome, each
// finding as file:line with what to do, the waivers and the verdict. paint,
// when not nil, colours the status words.
func WriteText(w io.Writer, r *Report, paint Paint) error {
	if paint == nil {
		paint = func(_ Status, text string) string { return text }
	}
	head := commitid.Short(r.Head)
	scope := "committed changes"
	if r.Worktree {
		scope = "committed and uncommitted changes"
	}
	fmt.Fprintf(w, "hotfix verify: %d file(s) changed since %s (%s), %s up to %s\n", r.Files, r.Base, commitid.Short(r.MergeBase), scope, head)
	if r.Policy != "" {
		fmt.Fprintf(w, "policy: %s\n", r.Policy)
	}
	for _, n := range r.Notices {
		fmt.Fprintf(w, "%s %s\n", paint(Skipped, "warning:"), n)
	}
	fmt.Fprintln(w)
	byRule := map[string][]Finding{}
	for _, f := range r.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	for _, res := range r.Rules {
		fmt.Fprintf(w, "%s %-14s %s\n", paint(res.Status, fmt.Sprintf("%-8s", strings.ToUpper(string(res.Status)))), res.ID, res.Summary)
		for _, f := range byRule[res.ID] {
			loc := f.Path
			if f.Line > 0 {
				loc = fmt.Sprintf("%s:%d", f.Path, f.Line)
			}
			if loc != "" {
				fmt.Fprintf(w, "    %s: %s\n", loc, f.Message)
			} else {
				fmt.Fprintf(w, "    %s\n", f.Message)
			}
		}
		for _, n := range res.Notes {
			fmt.Fprintf(w, "    ok  %s\n", n)
		}
		if res.Output != "" && res.Status == Failed {
			for _, line := range strings.Split(strings.TrimRight(res.Output, "\n"), "\n") {
				fmt.Fprintf(w, "    | %s\n", line)
			}
		}
	}
	if len(r.Waivers) > 0 {
		fmt.Fprintln(w, "\nWaivers:")
		for _, wv := range r.Waivers {
			fmt.Fprintf(w, "    %s: %s (%s)\n", wv.Rule, wv.Reason, wv.Source)
		}
	}
	if len(r.Excluded) > 0 {
		fmt.Fprintln(w, "\nNot checked:")
		for _, e := range r.Excluded {
			fmt.Fprintf(w, "    %s: %s\n", e.Path, e.Reason)
		}
	}
	switch {
	case r.NothingChecked != "":
		fmt.Fprintf(w, "\n%s %s. A check of nothing is not a pass: fix the policy on the base branch, or waive explicitly.\n", paint(Failed, "NOTHING CHECKED:"), r.NothingChecked)
	case r.Passed:
		fmt.Fprintf(w, "\n%s every rule passed or was waived.\n", paint(Passed, "PASSED:"))
	default:
		var failed []string
		for _, res := range r.Rules {
			if res.Status == Failed {
				failed = append(failed, res.ID)
			}
		}
		// The trailer is the waiver CI reads (a refactor that cannot
		// change behaviour says so there); the flag serves a run by hand.
		fmt.Fprintf(w, "\n%s %s. Fix the findings above, or waive a rule with its reason: a commit trailer \"Hotfix-Waive: %s: REASON\" (read in CI too), or --waive %s=REASON.\n",
			paint(Failed, "FAILED:"), strings.Join(failed, ", "), failed[0], failed[0])
	}
	return nil
}

// WriteGitHub renders the report as GitHub Actions workflow commands: an
// error annotation per finding of a failed rule, a warning per finding of a
// waived rule, and a notice with the verdict.
func WriteGitHub(w io.Writer, r *Report) error {
	status := map[string]Status{}
	for _, res := range r.Rules {
		status[res.ID] = res.Status
	}
	for _, f := range r.Findings {
		level := "error"
		if status[f.Rule] == Waived {
			level = "warning"
		}
		var props []string
		if f.Path != "" {
			props = append(props, "file="+ghProperty(f.Path))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
			}
			if f.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", f.EndLine))
			}
		}
		props = append(props, "title="+ghProperty("hotfix "+f.Rule))
		fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(f.Message))
	}
	for _, res := range r.Rules {
		if res.Status == Failed && res.Output != "" {
			fmt.Fprintf(w, "::group::%s output\n%s\n::endgroup::\n", res.ID, strings.TrimRight(res.Output, "\n"))
		}
	}
	for _, wv := range r.Waivers {
		fmt.Fprintf(w, "::notice title=%s::%s\n", ghProperty("hotfix waiver "+wv.Rule), ghData(wv.Reason+" ("+wv.Source+")"))
	}
	for _, n := range r.Notices {
		fmt.Fprintf(w, "::warning title=hotfix verify::%s\n", ghData(n))
	}
	for _, e := range r.Excluded {
		fmt.Fprintf(w, "::notice file=%s,title=hotfix verify: not checked::%s\n", ghProperty(e.Path), ghData(e.Reason))
	}
	if r.NothingChecked != "" {
		fmt.Fprintf(w, "::error title=hotfix verify::%s\n", ghData("hotfix verify checked nothing: "+r.NothingChecked))
		return nil
	}
	var parts []string
	for _, res := range r.Rules {
		parts = append(parts, res.ID+" "+string(res.Status))
	}
	verdict := "passed"
	level := "notice"
	if !r.Passed {
		verdict, level = "failed", "error"
	}
	fmt.Fprintf(w, "::%s title=hotfix verify::%s\n", level, ghData("hotfix verify "+verdict+": "+strings.Join(parts, ", ")))
	return nil
}

// GitHubData escapes a message for a GitHub Actions workflow command
// (::error::MESSAGE), as the report's own annotations are.
func GitHubData(s string) string { return ghData(s) }

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool                `json:"tool"`
	Invocations []map[string]interface{} `json:"invocations,omitempty"`
	Results     []sarifResult            `json:"results"`
	Properties  map[string]interface{}   `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	ShortDescription sarifMessage `json:"shortDescription"`
	HelpURI          string       `json:"helpUri,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID       string             `json:"ruleId"`
	RuleIndex    int                `json:"ruleIndex"`
	Level        string             `json:"level"`
	Message      sarifMessage       `json:"message"`
	Locations    []sarifLocation    `json:"locations,omitempty"`
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
	EndLine   int `json:"endLine,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

// WriteSARIF renders the report as SARIF 2.1.0 for code scanning. Findings of
// a waived rule carry a suppression with the waiver's reason.
func WriteSARIF(w io.Writer, r *Report, toolVersion string) error {
	run := sarifRun{Results: []sarifResult{}}
	run.Tool.Driver = sarifDriver{Name: "hotfix", Version: toolVersion, InformationURI: "https://github.com/hotfix-dev/hotfix"}
	index := ruleIndex()
	for _, rule := range registry {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: rule.ID, Name: rule.Name(), ShortDescription: sarifMessage{Text: rule.Help},
			HelpURI: "https://github.com/hotfix-dev/hotfix/blob/main/docs/verify.md#" + rule.ID})
	}
	reason := map[string]string{}
	for _, wv := range r.Waivers {
		if reason[wv.Rule] == "" {
			reason[wv.Rule] = wv.Reason
		}
	}
	status := map[string]Status{}
	for _, res := range r.Rules {
		status[res.ID] = res.Status
	}
	for _, f := range r.Findings {
		res := sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: "error", Message: sarifMessage{Text: f.Message}}
		if f.Path != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLocation{URI: f.Path, URIBaseID: "%SRCROOT%"}}}
			if f.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line, EndLine: f.EndLine}
			}
			res.Locations = []sarifLocation{loc}
		}
		if status[f.Rule] == Waived {
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: reason[f.Rule]}}
		}
		run.Results = append(run.Results, res)
	}
	run.Invocations = []map[string]interface{}{{"executionSuccessful": true}}
	// Paths not checked are notes on the invocation, not results: they
	// are no problem in the code.
	var notes []map[string]interface{}
	for _, e := range r.Excluded {
		notes = append(notes, map[string]interface{}{"level": "note", "message": sarifMessage{Text: "not checked: " + e.Reason},
			"locations": []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLocation{URI: e.Path, URIBaseID: "%SRCROOT%"}}}}})
	}
	if len(notes) > 0 {
		run.Invocations[0]["toolExecutionNotifications"] = notes
	}
	run.Properties = map[string]interface{}{"passed": r.Passed, "base": r.Base, "mergeBase": r.MergeBase, "head": r.Head}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
