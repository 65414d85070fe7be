package pr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hotfix-dev/hotfix/internal/cmdutil"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/git"
	"github.com/hotfix-dev/hotfix/internal/pathsafe"
	"github.com/hotfix-dev/hotfix/internal/semver"
	"github.com/hotfix-dev/hotfix/pkg/config"
	"github.com/hotfix-dev/hotfix/pkg/record"
	"github.com/hotfix-dev/hotfix/pkg/versionfile"
)

// VersionBump is the bump of release.version_files that pr decides and
// makes, saved with its progress and shown in the --json output.
type VersionBump struct {
	// Version is what the files are bumped to, without a "v".
	Version string `json:"version"`
	// Files are the files to bump, with their old and new text.
	Files []BumpedFile `json:"files"`
	// Already are the files that already held the version.
	Already []string `json:"already"`
	// Commit is the bump's commit once this run made it ("" when an
	// earlier, interrupted run did).
	Commit string `json:"commit,omitempty"`
}

// BumpedFile is one version file to bump: where its version stands, and
// its text before and after.
type BumpedFile struct {
	Path string `json:"path"`
	Line int    `json:"line"`
	Old  string `json:"old"`
	New  string `json:"new"`
}

// bumpSubject begins the bump commit's message.
const bumpSubject = "hotfix: bump version to "

// nextVersion is the version the release after version carries, as its
// files write it: the next patch without the tag's prefix (v1.4.2 ->
// 1.4.3, release-1.2.3 -> 1.2.4), or the next pre-release (v2.0.0-rc.1 ->
// 2.0.0-rc.2); close tags the same with the prefix.
func nextVersion(version string) (string, error) {
	next, err := semver.NextRelease(version)
	if err != nil {
		return "", err
	}
	next.Prefix = ""
	return next.String(), nil
}

// planBump decides the bump of release.version_files: each file is read in
// the work tree (which is HEAD: pr refuses uncommitted changes), and those
// not holding the next version are to be rewritten. Nothing configured:
// no bump.
func planBump(repo *git.Repo, cfg *config.Config, rec *record.Record, p *plan) error {
	files := cfg.Release.VersionFiles
	if len(files) == 0 {
		return nil
	}
	fix := "fix incident.version in " + p.RecordPath + ", or set `release.version_files: []` in " + config.FileName + " to bump nothing"
	want, err := nextVersion(rec.Incident.Version)
	if err != nil {
		return cmdutil.Failf(fix, "cannot bump release.version_files: %v; nothing was pushed", err)
	}
	b := &VersionBump{Version: want}
	for _, f := range files {
		v, _, err := readVersionFile(repo, f)
		if err != nil {
			return err
		}
		if v.Plain() == want {
			b.Already = append(b.Already, f)
			continue
		}
		newText := want
		if strings.HasPrefix(v.Text, "v") {
			newText = "v" + want
		}
		b.Files = append(b.Files, BumpedFile{Path: f, Line: v.Line, Old: v.Text, New: newText})
	}
	p.Bump = b
	return nil
}

// readVersionFile reads a configured version file in the work tree, and
// the version it holds; errors say which file and how to fix it.
func readVersionFile(repo *git.Repo, rel string) (versionfile.Version, []byte, error) {
	fix := "fix the file, or take it out of release.version_files in " + config.FileName
	if err := pathsafe.Check(repo.Root(), rel, false); err != nil {
		return versionfile.Version{}, nil, cmdutil.Failf(fix, "release.version_files: %s: %v; nothing was pushed", rel, err)
	}
	data, err := os.ReadFile(filepath.Join(repo.Root(), filepath.FromSlash(rel)))
	if err != nil {
		return versionfile.Version{}, nil, cmdutil.Failf(fix, "release.version_files names %s, which cannot be read: %v; nothing was pushed", rel, errors.Unwrap(err))
	}
	v, err := versionfile.Read(rel, data)
	if err != nil {
		return versionfile.Version{}, nil, cmdutil.Failf(fix, "cannot bump the version: %v; nothing was pushed", err)
	}
	return v, data, nil
}

// bumpVersion writes the next version into the files that do not hold it
// yet (atomically), then commits them on their own. A rerun after a kill
// finds the files written and commits them, or finds the commit made and
// commits nothing.
func bumpVersion(ctx context.Context, o *Options, repo *git.Repo, p *plan, say func(string, ...interface{})) error {
	b := p.Bump
	var paths []string
	for _, f := range b.Files {
		v, data, err := readVersionFile(repo, f.Path)
		if err != nil {
			return err
		}
		paths = append(paths, f.Path)
		if v.Plain() == b.Version {
			continue // written by an interrupted run
		}
		out, _, err := versionfile.Rewrite(f.Path, data, b.Version)
		if err != nil {
			return err
		}
		full := filepath.Join(repo.Root(), filepath.FromSlash(f.Path))
		perm := os.FileMode(0o644)
		if fi, err := os.Stat(full); err == nil {
			perm = fi.Mode().Perm()
		}
		if err := fsutil.WriteFile(full, out, perm); err != nil {
			return err
		}
	}
	h, err := repo.CommitPaths(ctx, paths, bumpSubject+b.Version, o.Clock.Now())
	if errors.Is(err, git.ErrOtherStaged) {
		return cmdutil.Failf("commit or unstage them, then run `hotfix pr --continue`", "cannot commit the version bump on its own: %v", err)
	}
	if err != nil {
		return err
	}
	if h != "" {
		b.Commit = h
		say("Bumped the version to %s in %s, committed as %s.", b.Version, strings.Join(paths, ", "), commitid.Short(h))
	}
	return nil
}

// undoBump puts back the version files the bump rewrote but did not
// commit: a file whose HEAD copy holds the new version was committed and
// stays, like the push that may have carried it.
func undoBump(repo *git.Repo, p *plan) error {
	head, err := repo.HeadCommit()
	if err != nil {
		return err
	}
	for _, f := range p.Bump.Files {
		if data, err := repo.ReadFileAt(head, f.Path); err == nil {
			if v, err := versionfile.Read(f.Path, data); err == nil && v.Plain() == p.Bump.Version {
				continue
			}
		}
		full := filepath.Join(repo.Root(), filepath.FromSlash(f.Path))
		if cur, err := os.ReadFile(full); err == nil {
			if committed, err := repo.ReadFileAt(head, f.Path); err == nil && bytes.Equal(cur, committed) {
				continue // as HEAD has it: nothing to put back
			}
		}
		if err := repo.RestoreFile(f.Path); err != nil {
			return err
		}
	}
	return nil
}

// bumpResult is the bump for --json, with empty lists rather than null;
// nil when nothing is configured.
func bumpResult(b *VersionBump) *VersionBump {
	if b == nil {
		return nil
	}
	r := *b
	if r.Files == nil {
		r.Files = []BumpedFile{}
	}
	r.Already = nonNil(r.Already)
	return &r
}

// bumpLines describes the bump for the text output and --dry-run.
func bumpLines(b *VersionBump) []string {
	if b == nil {
		return nil
	}
	var out []string
	for _, f := range b.Files {
		out = append(out, fmt.Sprintf("%s:%d %s -> %s", f.Path, f.Line, f.Old, f.New))
	}
	for _, f := range b.Already {
		out = append(out, fmt.Sprintf("%s already holds %s", f, b.Version))
	}
	return out
}
