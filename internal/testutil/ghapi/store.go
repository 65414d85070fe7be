package ghapi

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// store holds a repository's git data: refs, commits and trees. memStore
// keeps them in memory; gitStore reads and writes a real bare repository
// with the git binary.
type store interface {
	listRefs() ([]refInfo, error)
	getRef(name string) (refInfo, bool, error)
	// createRef fails with errRefExists or errNoObject.
	createRef(name, sha string) error
	// setRef moves or creates a ref without checks.
	setRef(name, sha string) error
	// deleteRef fails with errNoRef.
	deleteRef(name string) error
	objectExists(sha string) bool
	// resolve turns a branch, tag, full ref or sha into a commit sha.
	resolve(rev string) (string, bool)
	commits(shas []string) ([]commitInfo, error)
	isAncestor(a, b string) bool
	mergeBase(a, b string) (string, bool)
	// revList lists the commits reachable from to but not from from, oldest
	// first.
	revList(from, to string) ([]string, error)
	// entry reads path (slash-separated, "" for the root) at a commit; nil
	// when it does not exist.
	entry(commit, p string) (*treeEntry, error)
	diff(a, b string) ([]fileChange, error)
	canMerge(base, head string) bool
	// merge writes a merge commit of head into base and returns its sha; it
	// moves no ref.
	merge(base, head, msg string, who signature) (string, error)
	// commitOn writes a commit with parent's tree on top of parent.
	commitOn(parent, msg string, who signature) (string, error)
}

var (
	errRefExists = errors.New("Reference already exists")
	errNoObject  = errors.New("Object does not exist")
	errNoRef     = errors.New("Reference does not exist")
)

// refInfo is one ref: the object it names and, for an annotated tag, the
// commit the tag points at.
type refInfo struct {
	name   string
	sha    string
	typ    string // "commit" or "tag"
	peeled string // the commit, for a tag object; sha otherwise
}

// commitInfo is what the API shows of a commit.
type commitInfo struct {
	sha, tree                   string
	parents                     []string
	authorName, authorEmail     string
	authorDate                  time.Time
	committerName, committerEml string
	committerDate               time.Time
	message                     string
}

// signature is a commit's author or committer.
type signature struct {
	name, email string
	when        time.Time
}

// treeEntry is a file, directory, symlink or submodule at some commit.
type treeEntry struct {
	typ     string // "file", "dir", "symlink", "submodule"
	path    string
	sha     string
	size    int
	content []byte      // file content, or symlink target
	entries []treeEntry // a directory's entries (without content)
}

// fileChange is one file of a diff.
type fileChange struct {
	filename, previous string
	status             string // added, removed, modified, renamed
	sha                string
	additions          int
	deletions          int
	patch              string
}

// isSHA reports whether s is a full, lower-case sha1 object id.
func isSHA(s string) bool {
	if len(s) != 40 || strings.ToLower(s) != s {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// memStore is an in-memory repository: refs, a commit graph and one set of
// files shown at every commit.
type memStore struct {
	refs  map[string]string
	graph map[string]*commitInfo
	files map[string]string
	seq   int
	seed  string // makes shas differ between repositories
	now   func() time.Time
}

func newMemStore(seed string, files map[string]string, now func() time.Time) *memStore {
	m := &memStore{refs: map[string]string{}, graph: map[string]*commitInfo{}, files: map[string]string{}, seed: seed, now: now}
	for p, c := range files {
		m.files[strings.Trim(p, "/")] = c
	}
	return m
}

// addCommit records a commit, computing its sha when it has none.
func (m *memStore) addCommit(c commitInfo) string {
	if c.sha == "" {
		m.seq++
		h := sha1.New()
		fmt.Fprintf(h, "commit %s %d\x00%s\x00%s\x00%s", m.seed, m.seq, strings.Join(c.parents, " "), c.message, c.authorDate)
		c.sha = hex.EncodeToString(h.Sum(nil))
	}
	if c.tree == "" {
		sum := sha1.Sum([]byte("tree " + c.sha))
		c.tree = hex.EncodeToString(sum[:])
	}
	if c.authorName == "" {
		c.authorName, c.authorEmail = "Test Author", "author@example.com"
	}
	if c.authorDate.IsZero() {
		c.authorDate = m.now()
	}
	if c.committerName == "" {
		c.committerName, c.committerEml, c.committerDate = c.authorName, c.authorEmail, c.authorDate
	}
	if c.committerDate.IsZero() {
		c.committerDate = c.authorDate
	}
	cp := c
	m.graph[c.sha] = &cp
	return c.sha
}

// known makes sure a sha set by a test is a commit of the graph (a root,
// when the test said nothing about it).
func (m *memStore) known(sha string) {
	if _, ok := m.graph[sha]; !ok {
		m.addCommit(commitInfo{sha: sha, message: "commit " + sha[:7]})
	}
}

func (m *memStore) listRefs() ([]refInfo, error) {
	var out []refInfo
	for name, sha := range m.refs {
		out = append(out, refInfo{name: name, sha: sha, typ: "commit", peeled: sha})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

func (m *memStore) getRef(name string) (refInfo, bool, error) {
	sha, ok := m.refs[name]
	return refInfo{name: name, sha: sha, typ: "commit", peeled: sha}, ok, nil
}

func (m *memStore) createRef(name, sha string) error {
	if _, ok := m.refs[name]; ok {
		return errRefExists
	}
	if _, ok := m.graph[sha]; !ok {
		return errNoObject
	}
	m.refs[name] = sha
	return nil
}

func (m *memStore) setRef(name, sha string) error {
	m.known(sha)
	m.refs[name] = sha
	return nil
}

func (m *memStore) deleteRef(name string) error {
	if _, ok := m.refs[name]; !ok {
		return errNoRef
	}
	delete(m.refs, name)
	return nil
}

func (m *memStore) objectExists(sha string) bool {
	_, ok := m.graph[sha]
	return ok
}

func (m *memStore) resolve(rev string) (string, bool) {
	for _, name := range []string{rev, "refs/" + rev, "refs/tags/" + rev, "refs/heads/" + rev} {
		if sha, ok := m.refs[name]; ok {
			return sha, true
		}
	}
	if _, ok := m.graph[rev]; ok {
		return rev, true
	}
	if len(rev) >= 7 && len(rev) < 40 {
		found := ""
		for sha := range m.graph {
			if strings.HasPrefix(sha, rev) {
				if found != "" {
					return "", false
				}
				found = sha
			}
		}
		return found, found != ""
	}
	return "", false
}

func (m *memStore) commits(shas []string) ([]commitInfo, error) {
	out := make([]commitInfo, 0, len(shas))
	for _, sha := range shas {
		c, ok := m.graph[sha]
		if !ok {
			return nil, fmt.Errorf("no commit %s", sha)
		}
		out = append(out, *c)
	}
	return out, nil
}

// ancestors lists sha and its ancestors, parents after children.
func (m *memStore) ancestors(sha string) ([]string, map[string]bool) {
	seen := map[string]bool{}
	var order []string
	queue := []string{sha}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if seen[s] {
			continue
		}
		seen[s] = true
		order = append(order, s)
		if c, ok := m.graph[s]; ok {
			queue = append(queue, c.parents...)
		}
	}
	return order, seen
}

func (m *memStore) isAncestor(a, b string) bool {
	_, seen := m.ancestors(b)
	return seen[a]
}

func (m *memStore) mergeBase(a, b string) (string, bool) {
	_, inA := m.ancestors(a)
	order, _ := m.ancestors(b)
	for _, s := range order {
		if inA[s] {
			return s, true
		}
	}
	return "", false
}

func (m *memStore) revList(from, to string) ([]string, error) {
	_, inFrom := m.ancestors(from)
	order, _ := m.ancestors(to)
	var out []string
	for i := len(order) - 1; i >= 0; i-- {
		if !inFrom[order[i]] {
			out = append(out, order[i])
		}
	}
	return out, nil
}

func (m *memStore) entry(commit, p string) (*treeEntry, error) {
	p = strings.Trim(p, "/")
	if c, ok := m.files[p]; ok && p != "" {
		return &treeEntry{typ: "file", path: p, sha: blobSHA([]byte(c)), size: len(c), content: []byte(c)}, nil
	}
	dir := &treeEntry{typ: "dir", path: p}
	seen := map[string]bool{}
	names := make([]string, 0, len(m.files))
	for f := range m.files {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		rest, ok := strings.CutPrefix(f, p+"/")
		if p == "" {
			rest, ok = f, true
		}
		if !ok {
			continue
		}
		name, _, isDir := strings.Cut(rest, "/")
		if seen[name] {
			continue
		}
		seen[name] = true
		child := path.Join(p, name)
		if isDir {
			sum := sha1.Sum([]byte("tree " + child))
			dir.entries = append(dir.entries, treeEntry{typ: "dir", path: child, sha: hex.EncodeToString(sum[:])})
		} else {
			c := m.files[f]
			dir.entries = append(dir.entries, treeEntry{typ: "file", path: child, sha: blobSHA([]byte(c)), size: len(c)})
		}
	}
	if len(dir.entries) == 0 && p != "" {
		return nil, nil
	}
	sum := sha1.Sum([]byte("tree " + p))
	dir.sha = hex.EncodeToString(sum[:])
	return dir, nil
}

func (m *memStore) diff(a, b string) ([]fileChange, error) { return nil, nil }

func (m *memStore) canMerge(base, head string) bool { return true }

func (m *memStore) merge(base, head, msg string, who signature) (string, error) {
	return m.addCommit(commitInfo{parents: []string{base, head}, message: msg,
		authorName: who.name, authorEmail: who.email, authorDate: who.when,
		committerName: "GitHub", committerEml: "noreply@github.com", committerDate: who.when}), nil
}

func (m *memStore) commitOn(parent, msg string, who signature) (string, error) {
	var parents []string
	if parent != "" {
		parents = []string{parent}
	}
	return m.addCommit(commitInfo{parents: parents, message: msg,
		authorName: who.name, authorEmail: who.email, authorDate: who.when}), nil
}

// blobSHA is git's object id of a blob.
func blobSHA(content []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

// gitStore reads and writes a bare repository with the git binary.
type gitStore struct {
	dir string
}

func (g *gitStore) run(stdin []byte, env []string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"--git-dir", g.dir}, args...)...)
	cmd.Env = append(gitEnv(), env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// gitEnv is a clean environment for git: no user or system configuration.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GIT_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_TERMINAL_PROMPT=0")
}

func (g *gitStore) listRefs() ([]refInfo, error) {
	out, err := g.run(nil, nil, "for-each-ref", "--format=%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)")
	if err != nil {
		return nil, err
	}
	var refs []refInfo
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\x00")
		if len(f) != 4 {
			continue
		}
		r := refInfo{name: f[0], sha: f[1], typ: f[2], peeled: f[3]}
		if r.peeled == "" {
			r.peeled = r.sha
		}
		refs = append(refs, r)
	}
	return refs, nil
}

func (g *gitStore) getRef(name string) (refInfo, bool, error) {
	refs, err := g.listRefs()
	if err != nil {
		return refInfo{}, false, err
	}
	for _, r := range refs {
		if r.name == name {
			return r, true, nil
		}
	}
	return refInfo{}, false, nil
}

func (g *gitStore) createRef(name, sha string) error {
	if _, ok, err := g.getRef(name); err != nil {
		return err
	} else if ok {
		return errRefExists
	}
	if !g.objectExists(sha) {
		return errNoObject
	}
	_, err := g.run(nil, nil, "update-ref", name, sha, "")
	return err
}

func (g *gitStore) setRef(name, sha string) error {
	_, err := g.run(nil, nil, "update-ref", name, sha)
	return err
}

func (g *gitStore) deleteRef(name string) error {
	if _, ok, err := g.getRef(name); err != nil {
		return err
	} else if !ok {
		return errNoRef
	}
	_, err := g.run(nil, nil, "update-ref", "-d", name)
	return err
}

func (g *gitStore) objectExists(sha string) bool {
	if !isSHA(sha) {
		return false
	}
	_, err := g.run(nil, nil, "cat-file", "-e", sha)
	return err == nil
}

func (g *gitStore) resolve(rev string) (string, bool) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", false
	}
	out, err := g.run(nil, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(out)), true
}

const commitFormat = "%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x1e"

func (g *gitStore) commits(shas []string) ([]commitInfo, error) {
	if len(shas) == 0 {
		return nil, nil
	}
	args := append([]string{"log", "--no-walk=unsorted", "--format=" + commitFormat, "--end-of-options"}, shas...)
	out, err := g.run(nil, nil, args...)
	if err != nil {
		return nil, err
	}
	var cs []commitInfo
	for _, rec := range strings.Split(string(out), "\x1e") {
		rec = strings.TrimLeft(rec, "\n")
		if rec == "" {
			continue
		}
		f := strings.SplitN(rec, "\x00", 10)
		if len(f) != 10 {
			return nil, fmt.Errorf("git log: unexpected record %q", rec)
		}
		c := commitInfo{sha: f[0], tree: f[1], authorName: f[3], authorEmail: f[4], committerName: f[6], committerEml: f[7], message: strings.TrimRight(f[9], "\n")}
		if f[2] != "" {
			c.parents = strings.Fields(f[2])
		}
		c.authorDate, _ = time.Parse(time.RFC3339, f[5])
		c.committerDate, _ = time.Parse(time.RFC3339, f[8])
		cs = append(cs, c)
	}
	// git log --no-walk shows each commit once, in the order asked, but
	// the caller may have asked for one twice.
	byID := map[string]commitInfo{}
	for _, c := range cs {
		byID[c.sha] = c
	}
	res := make([]commitInfo, 0, len(shas))
	for _, s := range shas {
		c, ok := byID[s]
		if !ok {
			return nil, fmt.Errorf("git log: no commit %s", s)
		}
		res = append(res, c)
	}
	return res, nil
}

func (g *gitStore) isAncestor(a, b string) bool {
	_, err := g.run(nil, nil, "merge-base", "--is-ancestor", a, b)
	return err == nil
}

func (g *gitStore) mergeBase(a, b string) (string, bool) {
	out, err := g.run(nil, nil, "merge-base", a, b)
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(out)), true
}

func (g *gitStore) revList(from, to string) ([]string, error) {
	out, err := g.run(nil, nil, "rev-list", "--reverse", "--topo-order", to, "^"+from)
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

func (g *gitStore) entry(commit, p string) (*treeEntry, error) {
	p = strings.Trim(p, "/")
	if p == "" {
		tree, err := g.run(nil, nil, "rev-parse", commit+"^{tree}")
		if err != nil {
			return nil, err
		}
		return g.dirEntry(commit, "", strings.TrimSpace(string(tree)))
	}
	out, err := g.run(nil, nil, "ls-tree", "-z", "-l", "--full-tree", commit, "--", p)
	if err != nil {
		return nil, err
	}
	items := parseLsTree(out, "")
	if len(items) != 1 || items[0].path != p {
		return nil, nil
	}
	e := items[0]
	switch e.typ {
	case "dir":
		return g.dirEntry(commit, p, e.sha)
	case "file", "symlink":
		content, err := g.run(nil, nil, "cat-file", "blob", e.sha)
		if err != nil {
			return nil, err
		}
		e.content = content
	}
	return &e, nil
}

func (g *gitStore) dirEntry(commit, p, sha string) (*treeEntry, error) {
	out, err := g.run(nil, nil, "ls-tree", "-z", "-l", sha)
	if err != nil {
		return nil, err
	}
	return &treeEntry{typ: "dir", path: p, sha: sha, entries: parseLsTree(out, p)}, nil
}

// parseLsTree parses `git ls-tree -z -l` output; dir prefixes the names.
func parseLsTree(out []byte, dir string) []treeEntry {
	var entries []treeEntry
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, name, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 4 {
			continue
		}
		e := treeEntry{path: path.Join(dir, name), sha: f[2]}
		e.size, _ = strconv.Atoi(f[3])
		switch {
		case f[0] == "040000":
			e.typ = "dir"
		case f[0] == "160000":
			e.typ = "submodule"
		case f[0] == "120000":
			e.typ = "symlink"
		default:
			e.typ = "file"
		}
		entries = append(entries, e)
	}
	return entries
}

func (g *gitStore) diff(a, b string) ([]fileChange, error) {
	raw, err := g.run(nil, nil, "diff", "--raw", "-z", "-M", "--no-abbrev", a, b)
	if err != nil {
		return nil, err
	}
	fields := strings.Split(strings.TrimSuffix(string(raw), "\x00"), "\x00")
	var changes []fileChange
	for i := 0; i+1 < len(fields); i += 2 {
		meta := strings.Fields(strings.TrimPrefix(fields[i], ":"))
		if len(meta) < 5 {
			return nil, fmt.Errorf("git diff --raw: unexpected record %q", fields[i])
		}
		c := fileChange{sha: meta[3], filename: fields[i+1]}
		switch st := meta[4]; {
		case strings.HasPrefix(st, "A"):
			c.status = "added"
		case strings.HasPrefix(st, "D"):
			c.status, c.sha = "removed", meta[2]
		case strings.HasPrefix(st, "R"):
			c.status, c.previous, c.filename = "renamed", fields[i+1], fields[i+2]
			i++
		default:
			c.status = "modified"
		}
		changes = append(changes, c)
	}
	num, err := g.run(nil, nil, "diff", "--numstat", "-z", "-M", a, b)
	if err != nil {
		return nil, err
	}
	// numstat -z: "add\tdel\tpath\0", or "add\tdel\t\0old\0new\0" for a
	// rename, in the same order as --raw; binary files count "-".
	nf := strings.Split(string(num), "\x00")
	k := 0
	for i := 0; i < len(nf) && k < len(changes); i++ {
		f := strings.SplitN(nf[i], "\t", 3)
		if len(f) != 3 {
			continue
		}
		changes[k].additions, _ = strconv.Atoi(f[0])
		changes[k].deletions, _ = strconv.Atoi(f[1])
		if f[2] == "" {
			i += 2
		}
		k++
	}
	for k := range changes {
		c := &changes[k]
		args := []string{"diff", "-M", "--no-color", a, b, "--"}
		if c.previous != "" {
			args = append(args, c.previous)
		}
		args = append(args, c.filename)
		patch, err := g.run(nil, nil, args...)
		if err != nil {
			return nil, err
		}
		// GitHub's patch starts at the first hunk.
		if at := bytes.Index(patch, []byte("\n@@")); at >= 0 {
			c.patch = strings.TrimSuffix(string(patch[at+1:]), "\n")
		}
	}
	return changes, nil
}

func (g *gitStore) canMerge(base, head string) bool {
	_, err := g.run(nil, nil, "merge-tree", "--write-tree", "--no-messages", base, head)
	return err == nil
}

func (g *gitStore) merge(base, head, msg string, who signature) (string, error) {
	out, err := g.run(nil, nil, "merge-tree", "--write-tree", "--no-messages", base, head)
	if err != nil {
		return "", fmt.Errorf("the pull request has conflicts: %w", err)
	}
	tree := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	env := sigEnv(who, signature{name: "GitHub", email: "noreply@github.com", when: who.when})
	out, err = g.run([]byte(msg), env, "commit-tree", tree, "-p", base, "-p", head)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func (g *gitStore) commitOn(parent, msg string, who signature) (string, error) {
	tree := "4b825dc642cb6eb9a060e54bf8d69288fbee4904" // the empty tree
	args := []string{"commit-tree"}
	if parent != "" {
		out, err := g.run(nil, nil, "rev-parse", parent+"^{tree}")
		if err != nil {
			return "", err
		}
		tree = strings.TrimSpace(string(out))
		args = append(args, tree, "-p", parent)
	} else {
		if _, err := g.run(nil, nil, "hash-object", "-t", "tree", "-w", "--stdin"); err != nil {
			return "", err
		}
		args = append(args, tree)
	}
	out, err := g.run([]byte(msg), sigEnv(who, who), args...)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func sigEnv(author, committer signature) []string {
	return []string{
		"GIT_AUTHOR_NAME=" + author.name, "GIT_AUTHOR_EMAIL=" + author.email,
		"GIT_AUTHOR_DATE=" + author.when.Format(time.RFC3339),
		"GIT_COMMITTER_NAME=" + committer.name, "GIT_COMMITTER_EMAIL=" + committer.email,
		"GIT_COMMITTER_DATE=" + committer.when.Format(time.RFC3339),
	}
}
