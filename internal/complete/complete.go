// Package complete gives hotfix's commands their shell completions. Each
// command declares how its flags' values complete next to the flags, in its
// NewCmd (Flag, Choices, Args); the fixed choices come from the packages that
// define them. Register, called once on the built tree, attaches the
// completion functions: hotfix ids, severities, branches and tags are read
// from the repository (and its .hotfix.yaml) when the shell asks, so they
// are always current. Every value-taking flag declares a kind, FreeText or
// File when nothing can be offered, and a test keeps it so.
package complete

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/records"
	"github.com/hotfix-dev/hotfix/pkg/config"
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
	// Choice is one of a fixed list of values (declared with Choices).
	Choice
)

var kindNames = []string{"free-text", "file", "dir", "id", "severity", "rules", "waiver", "branch", "ref", "release-tag", "choice"}

// String is the kind's name in the annotations: "free-text", "id", ...
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return kindNames[k]
}

func parseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), true
		}
	}
	return 0, false
}

// FlagAnnotation is the pflag annotation that holds a flag's completion: its
// kind's name, followed by the choices of a Choice flag.
const FlagAnnotation = "hotfix:complete"

// ArgsAnnotation is the cobra annotation that holds the kind's name of a
// command's positional arguments.
const ArgsAnnotation = "hotfix:complete-args"

// Flag declares how the value of cmd's flag name is completed; call it in
// the command's NewCmd, after defining the flag. k is any kind but Choice,
// which Choices declares. It panics when cmd has no such flag: the command
// tree is built by every test.
func Flag(cmd *cobra.Command, name string, k Kind) {
	if k == Choice {
		panic(fmt.Sprintf("complete.Flag(%s --%s): declare choices with complete.Choices", cmd.Name(), name))
	}
	annotate(cmd, name, []string{k.String()})
}

// Choices declares that cmd's flag name takes one of choices.
func Choices(cmd *cobra.Command, name string, choices ...string) {
	annotate(cmd, name, append([]string{Choice.String()}, choices...))
}

// annotate stores v as the completion of cmd's flag name, a local or a
// persistent one.
func annotate(cmd *cobra.Command, name string, v []string) {
	fl := cmd.Flags().Lookup(name)
	if fl == nil {
		fl = cmd.PersistentFlags().Lookup(name)
	}
	if fl == nil {
		panic(fmt.Sprintf("complete: %s has no flag --%s", cmd.Name(), name))
	}
	if fl.Annotations == nil {
		fl.Annotations = map[string][]string{}
	}
	fl.Annotations[FlagAnnotation] = v
}

// Args declares how cmd's positional arguments are completed; a command that
// declares nothing completes files.
func Args(cmd *cobra.Command, k Kind) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[ArgsAnnotation] = k.String()
}

// spec is a declared completion: its kind and, for Choice, the choices.
type spec struct {
	kind    Kind
	choices []string
}

// declared reads the completion fl declared; ok is false when it declared
// none.
func declared(fl *pflag.Flag) (spec, bool) {
	v := fl.Annotations[FlagAnnotation]
	if len(v) == 0 {
		return spec{}, false
	}
	k, ok := parseKind(v[0])
	return spec{kind: k, choices: v[1:]}, ok
}

// Declared returns the kind each of cmd's flags (its own and the ones it
// inherits) declared, by flag name; a flag that declared none is absent.
func Declared(cmd *cobra.Command) map[string]Kind {
	out := map[string]Kind{}
	visit := func(fl *pflag.Flag) {
		if sp, ok := declared(fl); ok {
			out[fl.Name] = sp.kind
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	return out
}

// Register attaches completions to every flag and positional argument of
// root's tree, as each command declared them. A flag that declared nothing
// is left to the shell's default (files); a test forbids that for hotfix's
// own flags.
func Register(root *cobra.Command, f *cmdutil.Factory) {
	c := completer{f: f}
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		if k, ok := parseKind(cmd.Annotations[ArgsAnnotation]); ok && cmd.ValidArgsFunction == nil {
			cmd.ValidArgsFunction = c.forKind(spec{kind: k})
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
	sp, ok := declared(pf)
	if !ok || sp.kind == File || pf.Value.Type() == "bool" {
		return
	}
	_ = cmd.RegisterFlagCompletionFunc(pf.Name, c.forKind(sp))
}

type completer struct{ f *cmdutil.Factory }

// forKind returns the completion function for values declared as sp.
func (c completer) forKind(sp spec) cobra.CompletionFunc {
	none := cobra.ShellCompDirectiveNoFileComp
	switch sp.kind {
	case Dir:
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		}
	case Choice:
		return cobra.FixedCompletions(sp.choices, none)
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
			if sp.kind == ID && len(args) > 0 {
				return nil, none // status takes one id
			}
			return c.fromRepo(sp.kind), none
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
	cfg, err := c.f.LoadConfig(repo)
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
		if r.Ended() {
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
