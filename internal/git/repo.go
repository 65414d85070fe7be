// Package git is hotfix's one door to git. Writes (branches, checkout, the
// index) go through go-git. A few reads where go-git is far slower than git on
// large repositories (status, ls-remote) use the git binary when it is
// installed; each has a pure-Go twin, selected with OpenOptions.PureGo or
// HOTFIX_GIT=go, and both are tested. See docs/architecture.md.
package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// ErrNotRepository is returned by Open outside a git work tree.
var ErrNotRepository = errors.New("not a git repository")

// OpenOptions tune how a repository is opened.
type OpenOptions struct {
	// PureGo uses go-git for every read, never the git binary.
	PureGo bool
	// NetTimeout bounds each push and fetch (and the remote listings);
	// zero means DefaultNetTimeout. Tests shorten it.
	NetTimeout time.Duration
	// Getenv reads HOTFIX_GIT (go: use go-git only); nil means the
	// process environment. Commands pass their factory's.
	Getenv func(string) string
}

// DefaultNetTimeout bounds a push or a fetch: hotfix moves a few commits,
// so a transfer still running after it has stalled.
const DefaultNetTimeout = 2 * time.Minute

// ErrNetTimeout is returned when a push, fetch or listing of the remote
// did not finish in time.
var ErrNetTimeout = errors.New("the git server did not answer in time")

// netContext bounds a network operation by the repository's timeout.
func (r *Repo) netContext(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if r.netTimeout > 0 {
		d = r.netTimeout
	}
	return context.WithTimeout(ctx, d)
}

// netErr turns a deadline of netContext into ErrNetTimeout, saying how long
// was waited.
func (r *Repo) netErr(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == context.DeadlineExceeded {
		d := r.netTimeout
		if d == 0 {
			d = DefaultNetTimeout
		}
		return fmt.Errorf("%w (no answer within %s): %v", ErrNetTimeout, d, err)
	}
	return err
}

// Repo is an open repository with a work tree.
type Repo struct {
	root   string
	gitDir string
	repo   *gogit.Repository
	st     *filesystem.Storage
	bin    string
	// netTimeout is OpenOptions.NetTimeout.
	netTimeout time.Duration
	// goMu serialises go-git object reads at the entry points callers run
	// concurrently (ReadFileAt, CommitsBetween, Change): go-git's storage
	// is not safe for concurrent use.
	goMu sync.Mutex
}

// objectCacheSize bounds go-git's decoded-object cache.
const objectCacheSize = 64 * cache.MiByte

// Open finds the repository containing dir (dir or one of its parents) and
// opens it with kept pack descriptors and an object cache, which is what
// makes go-git fast on large repositories. Call Close when done.
func Open(dir string, o OpenOptions) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	root, dotgit, err := findDotGit(abs)
	if errors.Is(err, ErrNotRepository) && looksBare(abs) {
		return nil, ErrBareRepository
	}
	if err != nil {
		return nil, err
	}
	r := &Repo{root: root, netTimeout: o.NetTimeout}
	fi, err := os.Stat(dotgit)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		r.gitDir = dotgit
		r.st = filesystem.NewStorageWithOptions(osfs.New(dotgit, osfs.WithBoundOS()), cache.NewObjectLRU(objectCacheSize),
			filesystem.Options{KeepDescriptors: true})
		r.repo, err = gogit.Open(r.st, osfs.New(root, osfs.WithBoundOS()))
	} else {
		// A linked work tree or submodule: .git is a file pointing elsewhere.
		r.repo, err = gogit.PlainOpenWithOptions(root, &gogit.PlainOpenOptions{EnableDotGitCommonDir: true})
		if err == nil {
			r.gitDir, err = readGitFile(root, dotgit)
			if st, ok := r.repo.Storer.(*filesystem.Storage); ok {
				r.st = st
			}
		}
	}
	if err != nil {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "objectformat"):
			return nil, fmt.Errorf("%w (%s)", ErrSHA256, root)
		case strings.Contains(msg, "worktreeconfig"):
			return nil, fmt.Errorf("%w (%s)", ErrWorktreeConfig, root)
		}
		return nil, fmt.Errorf("open repository at %s: %w", root, err)
	}
	if r.st != nil {
		// Every ref go-git writes for us (branches, tags, HEAD, remote
		// tracking refs) goes through refStorage: lock file and rename.
		rs := &refStorage{Storage: r.st, gitDir: r.gitDir, commonDir: r.commonDir()}
		if r.repo, err = gogit.Open(rs, osfs.New(root, osfs.WithBoundOS())); err != nil {
			return nil, fmt.Errorf("open repository at %s: %w", root, err)
		}
	}
	if cfg, err := r.repo.Config(); err == nil {
		partial := cfg.Raw.Section("extensions").Option("partialclone") != ""
		for _, s := range cfg.Raw.Section("remote").Subsections {
			partial = partial || strings.EqualFold(s.Option("promisor"), "true")
		}
		if partial {
			return nil, fmt.Errorf("%w (%s)", ErrPartialClone, root)
		}
	}
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if !o.PureGo && getenv("HOTFIX_GIT") != "go" {
		if p, err := exec.LookPath("git"); err == nil {
			r.bin = p
		}
	}
	return r, nil
}

func findDotGit(dir string) (root, dotgit string, err error) {
	for d := dir; ; {
		p := filepath.Join(d, ".git")
		if _, err := os.Lstat(p); err == nil {
			return d, p, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", ErrNotRepository
		}
		d = parent
	}
}

func readGitFile(root, path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	line := strings.TrimSpace(string(b))
	if !strings.HasPrefix(line, "gitdir:") {
		return "", fmt.Errorf("%s is not a gitdir file", path)
	}
	p := strings.TrimSpace(strings.TrimPrefix(line, "gitdir:"))
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	return p, nil
}

// Close releases the kept file descriptors.
func (r *Repo) Close() error {
	if r.st != nil {
		return r.st.Close()
	}
	return nil
}

// Root is the work tree's top directory.
func (r *Repo) Root() string { return r.root }

// GitDir is the repository's git directory (.git).
func (r *Repo) GitDir() string { return r.gitDir }

// Backend says which reads use the git binary: "git" or "go".
func (r *Repo) Backend() string {
	if r.bin != "" {
		return "git"
	}
	return "go"
}

// run executes the git binary in the work tree, never prompting for
// credentials, and returns its stdout.
func (r *Repo) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, r.bin, args...)
	cmd.Dir = r.root
	// Optional locks stay on: git status may then save the index it refreshed,
	// as it does when a person runs it, so racily clean entries (a fresh
	// clone) are hashed once, not on every run.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return out.Bytes(), fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out.Bytes(), nil
}

// CurrentBranch returns the checked-out branch, or "" when HEAD is detached.
func (r *Repo) CurrentBranch() (string, error) {
	ref, err := r.repo.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return "", err
	}
	if ref.Type() == plumbing.SymbolicReference && ref.Target().IsBranch() {
		return ref.Target().Short(), nil
	}
	return "", nil
}

// HeadCommit returns the commit HEAD points at.
func (r *Repo) HeadCommit() (string, error) {
	ref, err := r.repo.Head()
	if err != nil {
		return "", fmt.Errorf("HEAD has no commit yet: %w", err)
	}
	return ref.Hash().String(), nil
}

// ErrBareRepository is returned by Open for a bare repository: hotfix
// needs a work tree.
var ErrBareRepository = errors.New("a bare repository (no work tree)")

// ErrSHA256 is returned by Open for a repository whose objects are named
// by SHA-256, which go-git cannot read.
var ErrSHA256 = errors.New("a SHA-256 repository (extensions.objectFormat), which hotfix cannot read yet")

// ErrWorktreeConfig is returned by Open for a repository that sets
// extensions.worktreeConfig (as sparse checkouts do), which go-git cannot
// open.
var ErrWorktreeConfig = errors.New("a repository with extensions.worktreeConfig (as a sparse checkout sets), which hotfix cannot open")

// ErrPartialClone is returned by Open for a partial clone (git clone
// --filter): go-git cannot fetch the objects it left out, so a command
// would fail part-way, on the first one it needs.
var ErrPartialClone = errors.New("a partial clone (git clone --filter), whose missing objects hotfix cannot fetch")

// looksBare says whether dir is a bare repository's git directory.
func looksBare(dir string) bool {
	for _, p := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			return false
		}
	}
	return true
}

// ErrUnknownRevision is returned when a revision names nothing.
var ErrUnknownRevision = errors.New("unknown revision")

// ResolveCommit resolves a branch, tag (peeled), remote branch or commit
// hash to a commit hash. With the git binary it asks `git rev-parse`, which
// answers in milliseconds where go-git's first object read loads the whole
// pack index (about 100 ms on a repository the size of moby/moby).
func (r *Repo) ResolveCommit(rev string) (string, error) {
	if rev == "" {
		return "", ErrUnknownRevision
	}
	if r.bin != "" {
		out, err := r.run(context.Background(), "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
		if h := strings.TrimSpace(string(out)); err == nil && plumbing.IsHash(h) {
			return h, nil
		}
		return "", fmt.Errorf("%w %q", ErrUnknownRevision, rev)
	}
	for _, name := range []plumbing.ReferenceName{
		plumbing.NewTagReferenceName(rev), plumbing.NewBranchReferenceName(rev),
		plumbing.ReferenceName("refs/remotes/" + rev), plumbing.ReferenceName(rev),
	} {
		ref, err := r.repo.Reference(name, true)
		if err != nil {
			continue
		}
		if h, err := r.peel(ref.Hash()); err == nil {
			return h.String(), nil
		}
	}
	h, err := r.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return "", fmt.Errorf("%w %q", ErrUnknownRevision, rev)
	}
	c, err := r.peel(*h)
	if err != nil {
		return "", fmt.Errorf("%w %q", ErrUnknownRevision, rev)
	}
	return c.String(), nil
}

// peel follows annotated tags to the commit they point at.
func (r *Repo) peel(h plumbing.Hash) (plumbing.Hash, error) {
	for i := 0; i < 10; i++ {
		o, err := r.repo.Storer.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		switch o.Type() {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			t, err := object.DecodeTag(r.repo.Storer, o)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			h = t.Target
		default:
			return plumbing.ZeroHash, fmt.Errorf("%s is a %s, not a commit", h, o.Type())
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("tag chain too long at %s", h)
}

// BranchExists reports whether a local branch exists.
func (r *Repo) BranchExists(name string) (bool, error) {
	return r.refExists(plumbing.NewBranchReferenceName(name))
}

// RemoteTrackingBranchExists reports whether refs/remotes/<remote>/<name>
// exists, i.e. whether the branch was on the remote at the last fetch.
func (r *Repo) RemoteTrackingBranchExists(remote, name string) (bool, error) {
	return r.refExists(plumbing.NewRemoteReferenceName(remote, name))
}

// TagExists reports whether a tag exists.
func (r *Repo) TagExists(name string) (bool, error) {
	return r.refExists(plumbing.NewTagReferenceName(name))
}

func (r *Repo) refExists(n plumbing.ReferenceName) (bool, error) {
	_, err := r.repo.Storer.Reference(n)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return false, nil
	}
	return err == nil, r.refError(err)
}

// HasRemote reports whether a remote of that name is configured.
func (r *Repo) HasRemote(name string) bool {
	_, err := r.repo.Remote(name)
	return err == nil
}

// Remotes lists the names of the configured remotes, sorted.
func (r *Repo) Remotes() ([]string, error) {
	c, err := r.repo.Config()
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(c.Remotes))
	for n := range c.Remotes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// RemoteURL returns the first URL of a remote, or "".
func (r *Repo) RemoteURL(name string) string {
	rem, err := r.repo.Remote(name)
	if err != nil || len(rem.Config().URLs) == 0 {
		return ""
	}
	return rem.Config().URLs[0]
}

// DefaultBranch guesses the production branch: the remote's HEAD as last
// fetched, else main, else master, else the current branch.
func (r *Repo) DefaultBranch(remote string) string {
	if ref, err := r.repo.Storer.Reference(plumbing.ReferenceName("refs/remotes/" + remote + "/HEAD")); err == nil && ref.Type() == plumbing.SymbolicReference {
		return strings.TrimPrefix(ref.Target().String(), "refs/remotes/"+remote+"/")
	}
	for _, b := range []string{"main", "master"} {
		if ok, _ := r.BranchExists(b); ok {
			return b
		}
	}
	cur, _ := r.CurrentBranch()
	return cur
}

// UserIdentity returns the configured user.name and user.email, from the
// repository's config or the user's global config.
func (r *Repo) UserIdentity() (name, email string) {
	if c, err := r.repo.ConfigScoped(config.GlobalScope); err == nil {
		name, email = c.User.Name, c.User.Email
	}
	if c, err := r.repo.Config(); err == nil {
		if c.User.Name != "" {
			name = c.User.Name
		}
		if c.User.Email != "" {
			email = c.User.Email
		}
	}
	return name, email
}

// CreateBranch creates refs/heads/name at commit. It refuses an existing
// branch unless it already points at commit, so rerunning after a crash is
// safe.
func (r *Repo) CreateBranch(name, commit string) error {
	if err := CheckBranchName(name); err != nil {
		return err
	}
	h := plumbing.NewHash(commit)
	n := plumbing.NewBranchReferenceName(name)
	ref, err := r.repo.Storer.Reference(n)
	switch {
	case err == nil:
		if ref.Hash() == h {
			return nil
		}
		return fmt.Errorf("branch %s already exists", name)
	case errors.Is(err, plumbing.ErrReferenceNotFound), errors.Is(err, dotgit.ErrEmptyRefFile):
		// Absent, or an empty file an interrupted write left: write it.
	default:
		return err
	}
	return r.repo.Storer.CheckAndSetReference(plumbing.NewHashReference(n, h), nil)
}

// DeleteBranch deletes a local branch if it exists. A branch checked out
// here, or in another work tree (*BranchInUseError), is refused.
func (r *Repo) DeleteBranch(name string) error {
	if ok, err := r.BranchExists(name); err != nil || !ok {
		return err
	}
	if cur, _ := r.CurrentBranch(); cur == name {
		return fmt.Errorf("branch %s is checked out", name)
	}
	if err := r.BranchElsewhere(context.Background(), name); err != nil {
		return err
	}
	err := r.repo.Storer.RemoveReference(plumbing.NewBranchReferenceName(name))
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil
	}
	return err
}

// lsRemoteTimeout bounds the network check of a remote's branches, unless
// OpenOptions.NetTimeout says otherwise.
const lsRemoteTimeout = 30 * time.Second

// FileAt returns the content of the file at path (slash-separated) in
// commit's tree, and whether there is one. A path that is there but is no
// regular file or symbolic link (a directory, a submodule), or whose
// content cannot be read (an object missing from a partial clone), is an
// error, never "no file". With the git binary it asks `git ls-tree` and
// `git cat-file`, a few milliseconds, where go-git's first object read
// builds the pack index's table (up to 100 ms on a large repository).
func (r *Repo) FileAt(ctx context.Context, commit, path string) ([]byte, bool, error) {
	if r.bin == "" || strings.ContainsAny(path, "\n\r") {
		r.goMu.Lock()
		defer r.goMu.Unlock()
		t, err := r.treeAt(commit)
		if err != nil {
			return nil, false, err
		}
		if _, err := t.FindEntry(path); err != nil {
			return nil, false, nil
		}
		s, err := r.sideAt(t, path)
		switch {
		case err != nil:
			return nil, true, err
		case !s.ok:
			return nil, true, fmt.Errorf("%s at %s is a directory, not a file", path, commit)
		case s.kind == KindSubmodule:
			return nil, true, fmt.Errorf("%s at %s is a submodule, not a file", path, commit)
		}
		if s.data == nil {
			s.data = []byte{}
		}
		return s.data, true, nil
	}
	out, err := r.run(ctx, "ls-tree", "-z", "--full-tree", "--end-of-options", commit, "--", path)
	if err != nil {
		return nil, false, err
	}
	entry := strings.TrimSuffix(string(out), "\x00")
	if entry == "" {
		return nil, false, nil
	}
	// "<mode> <type> <object>\t<path>"
	meta, name, ok := strings.Cut(entry, "\t")
	f := strings.Fields(meta)
	if !ok || name != path || len(f) != 3 {
		return nil, true, fmt.Errorf("git ls-tree: unexpected entry %q", entry)
	}
	if f[1] != "blob" {
		return nil, true, fmt.Errorf("%s at %s is a %s, not a file", path, commit, f[1])
	}
	b, err := r.run(ctx, "cat-file", "blob", f[2])
	if err != nil {
		return nil, true, err
	}
	if b == nil {
		b = []byte{} // an empty file is a file
	}
	return b, true, nil
}

// FileExistsAt reports whether path (slash-separated) exists in commit's tree.
func (r *Repo) FileExistsAt(commit, path string) bool {
	t, err := r.treeAt(commit)
	if err != nil {
		return false
	}
	_, err = t.FindEntry(path)
	return err == nil
}

// BranchTip is a branch and the commit it points at.
type BranchTip struct {
	// Name is the branch name; for a remote-tracking branch, without the
	// "<remote>/" prefix.
	Name string
	// Remote is the remote's name, or "" for a local branch.
	Remote string
	// Commit is the branch's commit hash.
	Commit string
}

// Branches lists local and remote-tracking branches whose names start with
// prefix.
func (r *Repo) Branches(prefix string) ([]BranchTip, error) {
	refs, err := r.repo.Storer.IterReferences()
	if err != nil {
		return nil, err
	}
	var out []BranchTip
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() != plumbing.HashReference {
			return nil
		}
		n := ref.Name()
		switch {
		case n.IsBranch():
			if s := n.Short(); strings.HasPrefix(s, prefix) {
				out = append(out, BranchTip{Name: s, Commit: ref.Hash().String()})
			}
		case n.IsRemote():
			rest := strings.TrimPrefix(n.String(), "refs/remotes/")
			remote, name, ok := strings.Cut(rest, "/")
			if ok && strings.HasPrefix(name, prefix) {
				out = append(out, BranchTip{Name: name, Remote: remote, Commit: ref.Hash().String()})
			}
		}
		return nil
	})
	return out, err
}

// ReadDirAt returns the regular files directly inside dir in commit's tree,
// by name, with their content, skipping files larger than maxSize.
func (r *Repo) ReadDirAt(commit, dir string, maxSize int64) (map[string][]byte, error) {
	t, err := r.treeAt(commit)
	if err != nil {
		return nil, err
	}
	sub, err := t.Tree(dir)
	if errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range sub.Entries {
		if !e.Mode.IsFile() {
			continue
		}
		b, err := r.repo.BlobObject(e.Hash)
		if err != nil || b.Size > maxSize {
			continue
		}
		rd, err := b.Reader()
		if err != nil {
			continue
		}
		data := make([]byte, b.Size)
		_, err = io.ReadFull(rd, data)
		rd.Close()
		if err == nil {
			out[e.Name] = data
		}
	}
	return out, nil
}

// treeAt returns the tree of a commit given by its hash.
func (r *Repo) treeAt(commit string) (*object.Tree, error) {
	c, err := r.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return nil, err
	}
	return c.Tree()
}

// IsShallow reports whether the clone is shallow (`git clone --depth`, the
// default of actions/checkout): its history stops at some commits, so a
// base or merge base beyond them is missing. With the git binary it asks
// `git rev-parse --is-shallow-repository`; without it, it looks for the
// shallow file go-git and git both keep in the common git directory.
func (r *Repo) IsShallow() bool {
	if r.bin != "" {
		if out, err := r.run(context.Background(), "rev-parse", "--is-shallow-repository"); err == nil {
			return strings.TrimSpace(string(out)) == "true"
		}
	}
	fi, err := os.Stat(filepath.Join(r.commonDir(), "shallow"))
	return err == nil && fi.Size() > 0
}
