package initcmd

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/codeowners"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/pathsafe"
	"github.com/hotfix-dev/hotfix/internal/verifyrun"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/versionfile"
)

// detected is what the repository shows, before flags and answers.
type detected struct {
	// Remote is the remote to write: origin when configured (the config's
	// default), else the only remote, else origin anyway.
	Remote, RemoteWhy string
	// Flow is the branching model the branches suggest, and why.
	Flow, FlowWhy string
	// Develop is gitflow's integration branch when one was found.
	Develop string
	// Production is the production branch, as start detects it.
	Production string
	// Languages are the languages at the root with their test commands.
	Languages []verifyrun.Language
	// TestCommand joins the languages' test commands with " && ".
	TestCommand string
	// CodeOwners is the CODEOWNERS file found, "" when there is none.
	CodeOwners string
	// VersionFiles are the files holding the version (pkg/versionfile's
	// Detect), inside the repository.
	VersionFiles []string
}

// releaseShown bounds how many release branches the flow's reason names.
const releaseShown = 3

func detect(repo *git.Repo) detected {
	var d detected
	d.Remote, d.RemoteWhy = detectRemote(repo)
	d.Production = repo.DefaultBranch(d.Remote)

	def := config.Default().Branches
	develop := ""
	if ok, _ := repo.BranchExists(def.Develop); ok {
		develop = "branch " + def.Develop
	} else if ok, _ := repo.RemoteTrackingBranchExists(d.Remote, def.Develop); ok {
		develop = "branch " + d.Remote + "/" + def.Develop
	}
	releases := releaseBranches(repo, d.Remote, def.ReleasePrefix)
	switch {
	case develop != "":
		d.Flow, d.Develop = config.FlowGitflow, def.Develop
		d.FlowWhy = develop + " exists"
		if len(releases) > 0 {
			d.FlowWhy += ", with release branches (" + listSome(releases, releaseShown) + ")"
		}
	case len(releases) > 0:
		d.Flow = config.FlowReleaseBranches
		d.FlowWhy = "release branches exist (" + listSome(releases, releaseShown) + ") and no " + def.Develop
	default:
		d.Flow = config.FlowTrunk
		d.FlowWhy = "no " + def.Develop + " and no " + def.ReleasePrefix + "* branch"
	}

	d.Languages = verifyrun.DetectLanguages(repo.Root())
	var cmds []string
	for _, l := range d.Languages {
		if l.TestCommand != "" {
			cmds = append(cmds, l.TestCommand)
		}
	}
	d.TestCommand = strings.Join(cmds, " && ")

	for _, loc := range codeowners.Locations {
		if fi, err := os.Stat(filepath.Join(repo.Root(), filepath.FromSlash(loc))); err == nil && fi.Mode().IsRegular() {
			d.CodeOwners = loc
			break
		}
	}
	d.VersionFiles = detectVersionFiles(repo.Root())
	return d
}

// detectVersionFiles lists the version files at root that the policy may
// name: those a symbolic link leads outside the repository are left out,
// since config.Load would refuse them.
func detectVersionFiles(root string) []string {
	var out []string
	for _, p := range versionfile.Detect(os.DirFS(root)) {
		if pathsafe.Check(root, p, false) == nil {
			out = append(out, p)
		}
	}
	return out
}

// detectRemote picks the remote: the config's default when it exists, else
// the only one.
func detectRemote(repo *git.Repo) (name, why string) {
	def := config.Default().Remote
	if repo.HasRemote(def) {
		return def, "configured"
	}
	names, _ := repo.Remotes()
	switch len(names) {
	case 0:
		return def, "no remote yet; the default"
	case 1:
		return names[0], "the only remote"
	}
	return def, fmt.Sprintf("no %s among %s; the default", def, strings.Join(names, ", "))
}

// releaseBranches lists the local and remote-tracking (on remote) branches
// under prefix, by name, each once.
func releaseBranches(repo *git.Repo, remote, prefix string) []string {
	tips, _ := repo.Branches(prefix)
	seen := map[string]bool{}
	var out []string
	for _, t := range tips {
		if (t.Remote == "" || t.Remote == remote) && !seen[t.Name] {
			seen[t.Name] = true
			out = append(out, t.Name)
		}
	}
	sort.Strings(out)
	return out
}

// listSome joins the first n names, saying how many more there are.
func listSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
}

// languages describes the languages found, for the header and the summary.
func (d detected) languages() string {
	if len(d.Languages) == 0 {
		return "none at the root (go.mod, package.json, pom.xml, build.gradle, pyproject.toml, setup.py, requirements.txt, ...)"
	}
	parts := make([]string, len(d.Languages))
	for i, l := range d.Languages {
		parts[i] = l.Name + " (" + l.Marker + ")"
		if l.TestCommand == "" {
			parts[i] = l.Name + " (" + l.Marker + ", no test script)"
		}
	}
	return strings.Join(parts, ", ")
}

// versionFiles lists the version files found, for the header and the
// summary.
func (d detected) versionFiles() string {
	if len(d.VersionFiles) == 0 {
		return "none found"
	}
	return strings.Join(d.VersionFiles, ", ")
}

// languageNames names the languages whose test commands are joined.
func (d detected) languageNames() string {
	var names []string
	for _, l := range d.Languages {
		if l.TestCommand != "" {
			names = append(names, l.Name)
		}
	}
	return strings.Join(names, ", ")
}
