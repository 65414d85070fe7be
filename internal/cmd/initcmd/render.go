package initcmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hotfix-dev/hotfix/pkg/config"
)

// choices are the values written: the detected ones unless a flag or an
// answer said otherwise.
type choices struct {
	Flow        string
	Production  string
	TestCommand string
	CodeOwners  bool
}

// flowMeaning says in one line what each flow means for hotfix.
var flowMeaning = map[string]string{
	config.FlowGitflow:         "close merges the fix back into develop and the release branches",
	config.FlowTrunk:           "close has nothing to merge back",
	config.FlowReleaseBranches: "close lists the release branches still missing a backport",
}

// render writes the commented .hotfix.yaml for the detected repository and
// the chosen values.
func render(d detected, c choices) []byte {
	var b strings.Builder
	line := func(format string, args ...interface{}) { fmt.Fprintf(&b, format+"\n", args...) }
	// key writes one commented key at the given indentation.
	key := func(indent int, comment, name, value string) {
		pad := strings.Repeat("  ", indent)
		line("%s# %s", pad, comment)
		line("%s%s: %s", pad, name, value)
	}
	differs := func(chosen, found string) string {
		if chosen == found {
			return ""
		}
		if found == "" {
			found = "nothing"
		}
		return " (detected: " + found + ")"
	}

	line("# %s: this repository's hotfix policy, read by every hotfix command.", config.FileName)
	line("# Written by `hotfix init`, which found:")
	line("#   flow        %s: %s", d.Flow, d.FlowWhy)
	line("#   production  %s", orNone(d.Production))
	line("#   remote      %s (%s)", d.Remote, d.RemoteWhy)
	line("#   languages   %s", d.languages())
	line("#   CODEOWNERS  %s", orNone(d.CodeOwners))
	line("#   versions    %s", d.versionFiles())
	line("# Only the keys worth stating are written; every other key keeps its default.")
	line("# Every key and its default: docs/config.md. Review this file, then commit it.")
	line("")
	key(0, "The schema version of this file.", "version", fmt.Sprint(config.CurrentVersion))
	line("")
	key(0, fmt.Sprintf("gitflow, trunk or release-branches; %s: %s.%s",
		c.Flow, flowMeaning[c.Flow], differs(c.Flow, d.Flow)), "flow", c.Flow)
	line("")
	key(0, "The remote hotfix branches are checked against and pushed to.", "remote", scalar(d.Remote))
	line("")
	line("branches:")
	if c.Production == "" {
		key(1, "The branch releases come from; \"\" detects it on each run (it could not be told now).", "production", `""`)
	} else {
		key(1, "The branch releases come from; start cuts fixes from its newest release tag."+differs(c.Production, d.Production),
			"production", scalar(c.Production))
	}
	def := config.Default().Branches
	if c.Flow == config.FlowGitflow {
		why := "gitflow's integration branch; close merges each fix back into it."
		if d.Develop == "" {
			why = "gitflow's integration branch (not found here yet); close merges each fix back into it."
		}
		key(1, why, "develop", scalar(def.Develop))
	}
	if c.Flow == config.FlowGitflow || c.Flow == config.FlowReleaseBranches {
		key(1, "Release branches start with this.", "release_prefix", scalar(def.ReleasePrefix))
	}
	line("")
	line("verify:")
	key(1, "The rules `hotfix verify` enforces (docs/verify.md); coverage runs when a report is given.",
		"rules", "["+strings.Join(config.Default().Verify.Rules, ", ")+"]")
	line("  tests_pass:")
	switch {
	case c.TestCommand == "" && d.TestCommand == "":
		key(2, "No test command was found: set the one that runs your tests, or tests-pass fails.", "command", `""`)
	case c.TestCommand == "" && d.Languages[0].TestCommand == "":
		key(2, "\"\": verify detects one on each run, and finds none ("+d.Languages[0].Marker+" comes first): set one, or tests-pass fails.", "command", `""`)
	case c.TestCommand == "":
		key(2, "\"\": verify detects the first language's command on each run (now: "+d.Languages[0].TestCommand+").", "command", `""`)
	case c.TestCommand != d.TestCommand:
		key(2, "tests-pass runs this with the shell at the repository root."+differs(c.TestCommand, d.TestCommand),
			"command", scalar(c.TestCommand))
	default:
		key(2, "tests-pass runs this with the shell at the repository root ("+d.languageNames()+").",
			"command", scalar(c.TestCommand))
	}
	line("")
	line("pr:")
	var why string
	switch {
	case c.CodeOwners && d.CodeOwners != "":
		why = "pr asks the owners of the changed files in " + d.CodeOwners + " to review."
	case c.CodeOwners:
		why = "pr asks the CODEOWNERS owners of the changed files to review; there is no CODEOWNERS file yet."
	case d.CodeOwners != "":
		why = "Off although " + d.CodeOwners + " exists: pr asks only pr.reviewers."
	default:
		why = "Off: there is no CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS)."
	}
	key(1, why, "codeowners", fmt.Sprint(c.CodeOwners))
	line("")
	line("close:")
	key(1, "Where `hotfix close` writes postmortems, relative to the repository root.",
		"postmortem_dir", scalar(config.Default().Close.PostmortemDir))
	line("")
	line("release:")
	if len(d.VersionFiles) == 0 {
		key(1, "No version file was found (package.json, pyproject.toml, Cargo.toml, pom.xml, VERSION, a Go Version constant, ...): list yours so that pr bumps it and close checks it.",
			"version_files", "[]")
	} else {
		files := make([]string, len(d.VersionFiles))
		for i, f := range d.VersionFiles {
			files[i] = scalar(f)
		}
		key(1, "The files holding the version: pr bumps them to the next patch version, close refuses a tag they disagree with; [] turns that off.",
			"version_files", "["+strings.Join(files, ", ")+"]")
	}
	return []byte(b.String())
}

func orNone(s string) string {
	if s == "" {
		return "none found"
	}
	return s
}

// scalar renders s as one line of YAML: plain when YAML allows it, else
// double-quoted (JSON's escapes are YAML's).
func scalar(s string) string {
	if out, err := yaml.Marshal(s); err == nil {
		if v := strings.TrimSuffix(string(out), "\n"); !strings.Contains(v, "\n") {
			return v
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// check loads data with the config package's strict loader and confirms it
// holds the chosen values: a difference is a bug in render.
func check(data []byte, d detected, c choices) error {
	cfg, err := config.Parse(config.FileName, data)
	if err != nil {
		return err
	}
	var bad []string
	want := func(name string, got, exp interface{}) {
		if got != exp {
			bad = append(bad, fmt.Sprintf("%s is %v, not %v", name, got, exp))
		}
	}
	want("flow", cfg.Flow, c.Flow)
	want("remote", cfg.Remote, d.Remote)
	want("branches.production", cfg.Branches.Production, c.Production)
	want("verify.tests_pass.command", cfg.Verify.TestsPass.Command, c.TestCommand)
	want("pr.codeowners", cfg.PR.CodeOwners, c.CodeOwners)
	want("release.version_files", strings.Join(cfg.Release.VersionFiles, "\n"), strings.Join(d.VersionFiles, "\n"))
	if len(bad) > 0 {
		return fmt.Errorf("it loads, but %s", strings.Join(bad, "; "))
	}
	return nil
}
