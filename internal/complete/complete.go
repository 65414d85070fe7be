// Package complete gives hotfix's commands their shell completions. The
// fixed choices of enumerated flags come from the packages that define them;
// hotfix ids, severities, branches and tags are read from the repository
// (and its .hotfix.yaml) when the shell asks, so they are always current.
//
// Completions are attached in one place, by flag name, when the root command
// is built: a command package only declares its flags. Every flag is either
// completed here or listed as free text or a file, and a test keeps it so.
package complete

import (
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
	engine "github.com/hotfix-dev/hotfix/pkg/verify"
	"github.com/hotfix-dev/hotfix/pkg/verify/coverage"
)

// Kind is what a flag's or argument's value is, for completion.
type Kind int

// The kinds of values hotfix completes.
const (
	// FreeText is typed by the person: a title, a message, a reason.
	FreeText Kind = iota
	// File is a path, completed by the shell.
	File
	// Dir is a directory, completed by the shell.
	Dir
	// ID is a hotfix id from the repository's records.
	ID
	// Severity is a severity name from the policy.
	Severity
	// Rules is a comma-separated list of verify rule ids.
	Rules
	// Waiver is RULE=REASON; the rule id is completed.
	Waiver
	// Branch is a local or remote-tracking branch name.
	Branch
	// Ref is a branch or a tag.
	Ref
	// ReleaseTag is a tag matching the policy's release pattern.
	ReleaseTag
	// Choice is one of a fixed list of values (Flag.Choices).
	Choice
)

// Flag says how one flag's value is completed.
type Flag struct {
	Kind    Kind
	Choices []string
}

// Flags maps a flag name to how its value is completed, for every flag of
// every command: the same name means the same thing in every command. The
// fixed choices come from the packages that own them.
var Flags = map[string]Flag{
	"repo":            {Kind: Dir},
	"id":              {Kind: ID},
	"severity":        {Kind: Severity},
	"rules":           {Kind: Rules},
	"waive":           {Kind: Waiver},
	"base":            {Kind: Ref},
	"backport":        {Kind: Branch},
	"good":            {Kind: Ref},
	"bad":             {Kind: Ref},
	"version":         {Kind: ReleaseTag},
	"answers":         {Kind: File},
	"logs":            {Kind: File},
	"path":            {Kind: File},
	"coverage":        {Kind: File},
	"format":          {Kind: Choice, Choices: engine.Formats},
	"coverage-format": {Kind: Choice, Choices: []string{coverage.FormatAuto, coverage.FormatGo, coverage.FormatLCOV, coverage.FormatCobertura}},
	"detected":        {Kind: Choice, Choices: []string{record.DetectedManual, record.DetectedAutomatic}},
	"status":          {Kind: Choice, Choices: record.UpdateStatuses},
	"flow":            {Kind: Choice, Choices: []string{config.FlowGitflow, config.FlowTrunk, config.FlowReleaseBranches}},
	// Typed by the person: nothing to offer.
	"title": {}, "reporter": {}, "affected": {}, "owner": {}, "message": {}, "next-steps": {},
	"next": {}, "skip-verify": {}, "reviewer": {}, "note": {}, "verified": {}, "rejected": {},
	"id-hypothesis": {}, "symbol": {}, "pattern": {}, "tag": {}, "test-command": {}, "production": {},
	"context": {}, "limit": {},
}

// Args maps a command path (as cobra's CommandPath gives it) to how its
// positional arguments are completed; commands not listed complete files.
var Args = map[string]Kind{
	"hotfix status": ID,
}

// Register attaches completions to every flag and positional argument of
// root's tree. A flag not in Flags is left to the shell's default (files);
// a test forbids that for hotfix's own flags.
func Register(root *cobra.Command, f *cmdutil.Factory) {
	c := completer{f: f}
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		if k, ok := Args[cmd.CommandPath()]; ok && cmd.ValidArgsFunction == nil {
			cmd.ValidArgsFunction = c.forKind(Flag{Kind: k})
		}
		cmd.LocalNonPersistentFlags().VisitAll(func(fl *pflag.Flag) { c.attach(cmd, fl) })
		if cmd == root {
			cmd.PersistentFlags().VisitAll(func(fl *pflag.Flag) { c.attach(cmd, fl) })
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// attach registers the completion of one flag of cmd; booleans take no
// value and files are left to the shell.
func (c completer) attach(cmd *cobra.Command, pf *pflag.Flag) {
	fl, ok := Flags[pf.Name]
	if !ok || fl.Kind == File || pf.Value.Type() == "bool" {
		return
	}
	_ = cmd.RegisterFlagCompletionFunc(pf.Name, c.forKind(fl))
}

type completer struct{ f *cmdutil.Factory }

// forKind returns the completion function for values of kind k.
func (c completer) forKind(fl Flag) cobra.CompletionFunc {
	none := cobra.ShellCompDirectiveNoFileComp
	switch fl.Kind {
	case Dir:
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		}
	case Choice:
		return cobra.FixedCompletions(fl.Choices, none)
	case Rules:
		return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return listItems(toComplete, config.AllRules), none | cobra.ShellCompDirectiveNoSpace
		}
	case Waiver:
		return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var out []string
			for _, r := range config.AllRules {
				out = append(out, r+"=")
			}
			return out, none | cobra.ShellCompDirectiveNoSpace
		}
	case ID, Severity, Branch, Ref, ReleaseTag:
		return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if fl.Kind == ID && len(args) > 0 {
				return nil, none // status takes one id
			}
			return c.fromRepo(fl.Kind), none
		}
	}
	return cobra.NoFileCompletions
}

// fromRepo reads the values of kind k from the repository; any failure
// (not a repository, a broken config) offers nothing rather than an error,
// as a shell completion must.
func (c completer) fromRepo(k Kind) []string {
	repo, err := c.f.OpenRepo()
	if err != nil {
		return nil
	}
	defer repo.Close()
	cfg, err := c.f.LoadConfig(repo.Root())
	if err != nil {
		return nil
	}
	switch k {
	case ID:
		return IDs(repo, cfg)
	case Severity:
		var out []string
		for _, s := range cfg.Severities {
			out = append(out, cobra.CompletionWithDesc(s.Name, s.Meaning))
		}
		return out
	case Branch:
		return BranchNames(repo)
	case Ref:
		tags, _ := repo.Tags(func(string) bool { return true })
		return append(BranchNames(repo), tags...)
	case ReleaseTag:
		tags, _ := repo.Tags(cfg.TagRegexp().MatchString)
		return tags
	}
	return nil
}

// IDs lists the repository's hotfix ids, open ones first, each with its
// title and phase as the description.
func IDs(repo *git.Repo, cfg *config.Config) []string {
	found, _ := records.List(repo, cfg)
	var open, closed []string
	for _, f := range found {
		r := f.Record
		s := cobra.CompletionWithDesc(r.ID, r.Incident.Title+" ("+r.Phase+")")
		if r.Phase == record.PhaseClosed {
			closed = append(closed, s)
		} else {
			open = append(open, s)
		}
	}
	return append(open, closed...)
}

// BranchNames lists the local branches and the remote-tracking ones not
// also local, by their short names (without the remote), sorted.
func BranchNames(repo *git.Repo) []string {
	tips, _ := repo.Branches("")
	seen := map[string]bool{}
	var out []string
	for _, t := range tips {
		if t.Name == "HEAD" || seen[t.Name] {
			continue
		}
		seen[t.Name] = true
		out = append(out, t.Name)
	}
	sort.Strings(out)
	return out
}

// listItems completes the last item of a comma-separated list, offering the
// items not already in it, each prefixed with what was typed before it.
func listItems(toComplete string, items []string) []string {
	prefix := ""
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		prefix = toComplete[:i+1]
	}
	have := map[string]bool{}
	for _, x := range strings.Split(prefix, ",") {
		have[x] = true
	}
	var out []string
	for _, it := range items {
		if !have[it] {
			out = append(out, prefix+it)
		}
	}
	return out
}
