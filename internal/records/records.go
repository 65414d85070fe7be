// Package records finds a repository's incident records wherever they are:
// in the work tree (committed or not) and on every local and remote-tracking
// hotfix branch, since each record travels with its own branch.
package records

import (
	"errors"
	"path"
	"sort"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
)

// Found is a record and where it was read.
type Found struct {
	Record *record.Record
	// Source is "work tree", a branch name, or "<remote>/<branch>".
	Source string
}

// maxRecordSize bounds a record read from history.
const maxRecordSize = 1 << 20

// BranchPrefix is the fixed start of the branch template (before its first
// field), e.g. "hotfix/".
func BranchPrefix(cfg *config.Config) string {
	p, _, _ := strings.Cut(cfg.Branches.Hotfix, "{{")
	return p
}

// List returns every record once, newest knowledge first: the work tree's
// copy wins over a local branch's, which wins over a remote branch's.
// Records that fail to parse are returned as errors beside the rest.
func List(repo *git.Repo, cfg *config.Config) ([]Found, []error) {
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	byID := map[string]Found{}
	recs, errs := store.List()
	for _, r := range recs {
		byID[r.ID] = Found{Record: r, Source: "work tree"}
	}
	tips, err := repo.Branches(BranchPrefix(cfg))
	if err != nil {
		errs = append(errs, err)
	}
	sort.SliceStable(tips, func(i, j int) bool { return tips[i].Remote == "" && tips[j].Remote != "" })
	for _, t := range tips {
		files, err := repo.ReadDirAt(t.Commit, path.Clean(cfg.Records.Dir), maxRecordSize)
		if err != nil {
			continue
		}
		src := t.Name
		if t.Remote != "" {
			src = t.Remote + "/" + t.Name
		}
		for name, data := range files {
			if !strings.HasSuffix(name, ".yaml") {
				continue
			}
			id := strings.TrimSuffix(name, ".yaml")
			if _, seen := byID[id]; seen {
				continue
			}
			r, err := record.Parse(src+":"+path.Join(cfg.Records.Dir, name), data)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			byID[id] = Found{Record: r, Source: src}
		}
	}
	out := make([]Found, 0, len(byID))
	for _, f := range byID {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Record.Created.Equal(out[j].Record.Created) {
			return out[i].Record.Created.Before(out[j].Record.Created)
		}
		return out[i].Record.ID < out[j].Record.ID
	})
	return out, errs
}

// ForBranch returns the record in the work tree whose branch is branch, or
// nil when there is none. When several match, the newest wins.
func ForBranch(repo *git.Repo, cfg *config.Config, branch string) (*record.Record, error) {
	if branch == "" {
		return nil, nil
	}
	recs, errs := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}.List()
	var found *record.Record
	for _, r := range recs {
		if r.Branch.Name == branch {
			found = r
		}
	}
	if found == nil && len(errs) > 0 {
		return nil, errs[0]
	}
	return found, nil
}

// Find returns the record named by id, or, with no id, the current
// branch's; its errors say how to fix them (`hotfix status` lists the ids).
func Find(repo *git.Repo, cfg *config.Config, id string) (*record.Record, error) {
	store := record.Store{Root: repo.Root(), Dir: cfg.Records.Dir}
	if id != "" {
		if !record.ValidID(id) {
			return nil, cmdutil.Failf("pass an id as `hotfix status` lists it, such as 2026-11-22-checkout-returns-500",
				"%q is not a record id (lower-case letters, digits and dashes only)", id)
		}
		rec, err := store.Load(id)
		if errors.Is(err, record.ErrNotFound) {
			return nil, cmdutil.Failf("list the hotfixes with `hotfix status`", "there is no record %q in %s/", id, cfg.Records.Dir)
		}
		if err != nil {
			return nil, cmdutil.Failf("fix the record file", "%v", err)
		}
		return rec, nil
	}
	branch, _ := repo.CurrentBranch()
	rec, err := ForBranch(repo, cfg, branch)
	if err != nil {
		return nil, cmdutil.Failf("fix the record file", "%v", err)
	}
	if rec == nil {
		if branch == "" {
			branch = "(detached HEAD)"
		}
		return nil, cmdutil.Failf("switch to the hotfix branch, or pass --id ID (see `hotfix status`)", "no incident record in %s/ belongs to branch %s", cfg.Records.Dir, branch)
	}
	return rec, nil
}
