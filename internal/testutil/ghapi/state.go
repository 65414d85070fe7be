package ghapi

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Repo describes a repository the server hosts.
type Repo struct {
	// Owner and Name make the repository's full name, Owner/Name (matched
	// case-insensitively, as GitHub does).
	Owner, Name string
	// DefaultBranch defaults to "main".
	DefaultBranch string
	// Private makes the repository private (visibility "private").
	Private bool
	// DraftsUnsupported makes creating a draft pull request fail with 422
	// "Draft pull requests are not supported in this repository.", as on a
	// private repository of a free plan.
	DraftsUnsupported bool
	// Collaborators are the logins reviews may be requested from and issues
	// assigned to; the authenticated user is always one.
	Collaborators []string
	// Teams are the team slugs reviews may be requested from.
	Teams []string
	// GitDir, when set, is a bare git repository (the test's origin) whose
	// refs and commits the server reads and writes with the git binary: the
	// API then sees what the test pushed. Without it the repository's git
	// data lives in memory (see Refs, Files, Server.SetRef, Server.CommitOn).
	GitDir string
	// Refs are the initial refs of an in-memory repository, full names
	// ("refs/heads/main") to commit shas. When empty, the default branch
	// gets one commit.
	Refs map[string]string
	// Files are the files of an in-memory repository, slash-separated paths
	// to contents, shown by the contents API at every commit.
	Files map[string]string
	// NoCommitsBetween makes every pull request creation fail with 422 "No
	// commits between BASE and HEAD" (it also fails when the head has no
	// commit the base lacks).
	NoCommitsBetween bool
	// CloneURL is the clone_url the API reports, such as the test's git
	// HTTP server; it defaults to the repository's html_url with ".git".
	CloneURL string
}

// FullName is "owner/name".
func (r Repo) FullName() string { return r.Owner + "/" + r.Name }

// Branch is the head or base of a pull request.
type Branch struct {
	// Ref is the branch name, without refs/heads/.
	Ref string
	// SHA is the commit the branch pointed at when last seen (for an open
	// pull request, its current tip).
	SHA string
	// Label is "owner:ref".
	Label string
}

// PullRequest is the server's record of a pull request.
type PullRequest struct {
	Repo                string // owner/name
	Number              int
	State               string // "open" or "closed"
	Title, Body         string
	Draft               bool
	Head, Base          Branch
	User                string // the author's login
	Labels              []string
	Assignees           []string
	RequestedReviewers  []string
	RequestedTeams      []string
	Merged              bool
	MergedAt            *time.Time
	MergeCommitSHA      string
	MergedBy            string
	ClosedAt            *time.Time
	HTMLURL, URL        string
	CreatedAt           time.Time
	UpdatedAt           time.Time
	Comments            []Comment
	MaintainerCanModify bool
}

// Issue is the server's record of an issue (pull requests excluded).
type Issue struct {
	Repo         string // owner/name
	Number       int
	State        string // "open" or "closed"
	Title, Body  string
	User         string
	Labels       []string
	Assignees    []string
	Comments     []Comment
	HTMLURL, URL string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ClosedAt     *time.Time
}

// Comment is an issue or pull request comment.
type Comment struct {
	ID        int64
	User      string
	Body      string
	HTMLURL   string
	CreatedAt time.Time
}

// Label is a repository label.
type Label struct {
	Repo        string // owner/name
	Name        string
	Color       string
	Description string
}

// Ref is a git ref of a repository.
type Ref struct {
	Repo string // owner/name
	Name string // full name, "refs/heads/main", "refs/tags/v1.2.3"
	SHA  string // the object the ref names
	Type string // "commit", or "tag" for an annotated tag
}

// Release is a release created through the API.
type Release struct {
	Repo                 string // owner/name
	ID                   int64
	TagName              string
	TargetCommitish      string
	Name, Body           string
	Draft, Prerelease    bool
	MakeLatest           string
	GenerateReleaseNotes bool
	HTMLURL              string
	CreatedAt            time.Time
}

// Commit is a commit to add to an in-memory repository with AddCommit.
type Commit struct {
	// SHA is computed when empty.
	SHA     string
	Parents []string
	Message string
	// Author is the author's name; it defaults to "Test Author".
	Author string
	// Date defaults to the server's clock.
	Date time.Time
}

// MergeOptions says how Merge merges a pull request.
type MergeOptions struct {
	// SHA is the merge commit to record. When empty, the server writes a
	// merge commit ("Merge pull request #N from owner/branch") and moves the
	// base branch to it, in the bare repository or in memory. When set,
	// refs are left alone in a git-backed repository (the test arranged
	// them) and the base branch is moved to it in an in-memory one.
	SHA string
	// By is the login of the user who merged; it defaults to the
	// authenticated user.
	By string
}

// repoState is a hosted repository and everything in it.
type repoState struct {
	cfg      Repo
	id       int64
	store    store
	mem      *memStore // nil when git-backed
	items    map[int]*item
	next     int
	labels   map[string]*labelState // by lower-case name
	releases []*Release
	// deployments are in creation order.
	deployments []*Deployment
	createdAt   time.Time
}

type labelState struct {
	id    int64
	name  string
	color string
	desc  string
}

// item is an issue or a pull request: they share numbers, comments, labels
// and assignees, as on GitHub.
type item struct {
	number    int
	id        int64
	isPR      bool
	title     string
	body      string
	state     string
	user      string
	labels    []string
	assignees []string
	comments  []Comment
	createdAt time.Time
	updatedAt time.Time
	closedAt  *time.Time

	draft               bool
	headRef, headSHA    string
	baseRef, baseSHA    string
	reviewers, teams    []string
	merged              bool
	mergedAt            *time.Time
	mergeSHA            string
	mergedBy            string
	maintainerCanModify bool
	hadCommits          bool
	fresh               bool // created and not read since: mergeable is null
}

func (s *Server) addRepo(r Repo) error {
	if r.Owner == "" || r.Name == "" {
		return fmt.Errorf("ghapi: a repository needs an Owner and a Name")
	}
	if r.DefaultBranch == "" {
		r.DefaultBranch = "main"
	}
	key := strings.ToLower(r.FullName())
	if _, dup := s.repos[key]; dup {
		return fmt.Errorf("ghapi: repository %s is configured twice", r.FullName())
	}
	s.nextID++
	rs := &repoState{cfg: r, id: 500000 + s.nextID, items: map[int]*item{}, labels: map[string]*labelState{}, next: 1, createdAt: s.now()}
	if r.GitDir != "" {
		g := &gitStore{dir: r.GitDir}
		if _, err := g.run(nil, nil, "rev-parse", "--git-dir"); err != nil {
			return fmt.Errorf("ghapi: repository %s: GitDir %s: %w", r.FullName(), r.GitDir, err)
		}
		if len(r.Refs) > 0 || len(r.Files) > 0 {
			return fmt.Errorf("ghapi: repository %s: Refs and Files are for in-memory repositories; push to GitDir instead", r.FullName())
		}
		rs.store = g
	} else {
		m := newMemStore(r.FullName(), r.Files, s.now)
		if len(r.Refs) == 0 {
			sha := m.addCommit(commitInfo{message: "Initial commit"})
			m.refs["refs/heads/"+r.DefaultBranch] = sha
		}
		for name, sha := range r.Refs {
			if !strings.HasPrefix(name, "refs/") {
				return fmt.Errorf("ghapi: repository %s: ref %q must be a full name (refs/heads/...)", r.FullName(), name)
			}
			if !isSHA(sha) {
				return fmt.Errorf("ghapi: repository %s: ref %s: %q is not a 40-hex sha", r.FullName(), name, sha)
			}
			m.known(sha)
			m.refs[name] = sha
		}
		rs.store, rs.mem = m, m
	}
	s.repos[key] = rs
	s.repoOrder = append(s.repoOrder, rs)
	return nil
}

// repo finds a repository by "owner/name"; the caller holds s.mu.
func (s *Server) repo(fullName string) *repoState {
	return s.repos[strings.ToLower(fullName)]
}

// mustRepo is repo for the test-facing helpers.
func (s *Server) mustRepo(fullName string) *repoState {
	rs := s.repo(fullName)
	if rs == nil {
		s.t.Fatalf("ghapi: no repository %q (configured: %s)", fullName, strings.Join(s.repoNames(), ", "))
	}
	return rs
}

func (s *Server) repoNames() []string {
	var names []string
	for _, rs := range s.repoOrder {
		names = append(names, rs.cfg.FullName())
	}
	return names
}

// isCollaborator reports whether login may be requested for review or
// assigned.
func (s *Server) isCollaborator(rs *repoState, login string) bool {
	if strings.EqualFold(login, s.opts.Login) {
		return true
	}
	for _, c := range rs.cfg.Collaborators {
		if strings.EqualFold(c, login) {
			return true
		}
	}
	return false
}

// refresh brings open pull requests up to date with the branches, as GitHub
// does after a push: the head and base shas follow the branches, a pull
// request whose head branch was deleted is closed, and one whose head was
// pushed into its base is marked merged. The caller holds s.mu.
func (s *Server) refresh(rs *repoState) {
	var open []*item
	for _, it := range rs.items {
		if it.isPR && it.state == "open" {
			open = append(open, it)
		}
	}
	if len(open) == 0 {
		return
	}
	refs, err := rs.store.listRefs()
	if err != nil {
		s.errorf("ghapi: reading the refs of %s: %v", rs.cfg.FullName(), err)
		return
	}
	tips := map[string]string{}
	for _, r := range refs {
		tips[r.name] = r.peeled
	}
	now := s.now()
	for _, it := range open {
		head, ok := tips["refs/heads/"+it.headRef]
		if !ok {
			it.state, it.closedAt, it.updatedAt = "closed", &now, now
			continue
		}
		it.headSHA = head
		base, ok := tips["refs/heads/"+it.baseRef]
		if !ok {
			continue
		}
		it.baseSHA = base
		if it.hadCommits && rs.store.isAncestor(head, base) {
			it.state, it.closedAt, it.updatedAt = "closed", &now, now
			it.merged, it.mergedAt, it.mergeSHA, it.mergedBy = true, &now, base, ""
		}
	}
}

func (s *Server) prView(rs *repoState, it *item) PullRequest {
	full := rs.cfg.FullName()
	return PullRequest{
		Repo: full, Number: it.number, State: it.state, Title: it.title, Body: it.body, Draft: it.draft,
		Head:               Branch{Ref: it.headRef, SHA: it.headSHA, Label: rs.cfg.Owner + ":" + it.headRef},
		Base:               Branch{Ref: it.baseRef, SHA: it.baseSHA, Label: rs.cfg.Owner + ":" + it.baseRef},
		User:               it.user,
		Labels:             clone(it.labels),
		Assignees:          clone(it.assignees),
		RequestedReviewers: clone(it.reviewers),
		RequestedTeams:     clone(it.teams),
		Merged:             it.merged, MergedAt: copyTime(it.mergedAt), MergeCommitSHA: it.mergeSHA, MergedBy: it.mergedBy,
		ClosedAt:  copyTime(it.closedAt),
		HTMLURL:   s.html + "/" + full + "/pull/" + itoa(it.number),
		URL:       s.api + "/repos/" + full + "/pulls/" + itoa(it.number),
		CreatedAt: it.createdAt, UpdatedAt: it.updatedAt,
		Comments:            append([]Comment(nil), it.comments...),
		MaintainerCanModify: it.maintainerCanModify,
	}
}

func (s *Server) issueView(rs *repoState, it *item) Issue {
	full := rs.cfg.FullName()
	return Issue{
		Repo: full, Number: it.number, State: it.state, Title: it.title, Body: it.body, User: it.user,
		Labels: clone(it.labels), Assignees: clone(it.assignees),
		Comments:  append([]Comment(nil), it.comments...),
		HTMLURL:   s.html + "/" + full + "/issues/" + itoa(it.number),
		URL:       s.api + "/repos/" + full + "/issues/" + itoa(it.number),
		CreatedAt: it.createdAt, UpdatedAt: it.updatedAt, ClosedAt: copyTime(it.closedAt),
	}
}

func sortedItems(rs *repoState) []*item {
	out := make([]*item, 0, len(rs.items))
	for _, it := range rs.items {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].number < out[j].number })
	return out
}

// PullRequests returns every pull request of every repository, by
// repository and number, after bringing them up to date with the branches.
func (s *Server) PullRequests() []PullRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []PullRequest
	for _, rs := range s.repoOrder {
		s.refresh(rs)
		for _, it := range sortedItems(rs) {
			if it.isPR {
				out = append(out, s.prView(rs, it))
			}
		}
	}
	return out
}

// PullRequest returns one pull request of repo ("owner/name").
func (s *Server) PullRequest(repo string, number int) (PullRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.mustRepo(repo)
	s.refresh(rs)
	it := rs.items[number]
	if it == nil || !it.isPR {
		return PullRequest{}, false
	}
	return s.prView(rs, it), true
}

// Issues returns every issue (not pull requests) of every repository, by
// repository and number.
func (s *Server) Issues() []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Issue
	for _, rs := range s.repoOrder {
		for _, it := range sortedItems(rs) {
			if !it.isPR {
				out = append(out, s.issueView(rs, it))
			}
		}
	}
	return out
}

// Labels returns the labels of every repository, in creation order.
func (s *Server) Labels() []Label {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Label
	for _, rs := range s.repoOrder {
		for _, l := range sortedLabels(rs) {
			out = append(out, Label{Repo: rs.cfg.FullName(), Name: l.name, Color: l.color, Description: l.desc})
		}
	}
	return out
}

func sortedLabels(rs *repoState) []*labelState {
	out := make([]*labelState, 0, len(rs.labels))
	for _, l := range rs.labels {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// Refs returns the git refs of every repository, by repository and name.
func (s *Server) Refs() []Ref {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Ref
	for _, rs := range s.repoOrder {
		refs, err := rs.store.listRefs()
		if err != nil {
			s.t.Fatalf("ghapi: %v", err)
		}
		for _, r := range refs {
			out = append(out, Ref{Repo: rs.cfg.FullName(), Name: r.name, SHA: r.sha, Type: r.typ})
		}
	}
	return out
}

// Releases returns the releases created through the API, in creation order.
func (s *Server) Releases() []Release {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Release
	for _, rs := range s.repoOrder {
		for _, r := range rs.releases {
			out = append(out, *r)
		}
	}
	return out
}

// SetRef points ref (a full name, "refs/heads/x") of repo at sha, creating
// it if needed: in memory, or with git update-ref in a git-backed
// repository (where sha must exist).
func (s *Server) SetRef(repo, ref, sha string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.mustRepo(repo)
	if !strings.HasPrefix(ref, "refs/") || !isSHA(sha) {
		s.t.Fatalf("ghapi: SetRef(%q, %q, %q): want a full ref name and a 40-hex sha", repo, ref, sha)
	}
	if err := rs.store.setRef(ref, sha); err != nil {
		s.t.Fatalf("ghapi: SetRef: %v", err)
	}
}

// DeleteRef deletes ref (a full name) of repo, as a push deleting a branch
// would.
func (s *Server) DeleteRef(repo, ref string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.mustRepo(repo).store.deleteRef(ref); err != nil {
		s.t.Fatalf("ghapi: DeleteRef(%q, %q): %v", repo, ref, err)
	}
}

// SHA resolves a branch, tag, full ref or sha of repo to a commit sha; the
// test fails when it does not resolve.
func (s *Server) SHA(repo, rev string) string {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	sha, ok := s.mustRepo(repo).store.resolve(rev)
	if !ok {
		s.t.Fatalf("ghapi: SHA(%q, %q): no such commit", repo, rev)
	}
	return sha
}

// AddCommit adds a commit to an in-memory repository's graph (so that
// compare and the "No commits between" check see its parents) and returns
// its sha. It moves no ref.
func (s *Server) AddCommit(repo string, c Commit) string {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.mustRepo(repo)
	if rs.mem == nil {
		s.t.Fatalf("ghapi: AddCommit: %s is git-backed; commit and push to it instead", repo)
	}
	if c.SHA != "" && !isSHA(c.SHA) {
		s.t.Fatalf("ghapi: AddCommit: %q is not a 40-hex sha", c.SHA)
	}
	for _, p := range c.Parents {
		rs.mem.known(p)
	}
	return rs.mem.addCommit(commitInfo{sha: c.SHA, parents: c.Parents, message: c.Message,
		authorName: c.Author, authorEmail: emailOf(c.Author), authorDate: c.Date})
}

// CommitOn adds a commit on top of branch (created from the default
// branch's tip when missing) and moves the branch to it, as a push would;
// it returns the new sha. In a git-backed repository the commit has its
// parent's tree.
func (s *Server) CommitOn(repo, branch, message string) string {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.mustRepo(repo)
	parent, ok := rs.store.resolve("refs/heads/" + branch)
	if !ok {
		parent, _ = rs.store.resolve("refs/heads/" + rs.cfg.DefaultBranch)
	}
	sha, err := rs.store.commitOn(parent, message, signature{name: "Test Author", email: "author@example.com", when: s.now()})
	if err != nil {
		s.t.Fatalf("ghapi: CommitOn: %v", err)
	}
	if err := rs.store.setRef("refs/heads/"+branch, sha); err != nil {
		s.t.Fatalf("ghapi: CommitOn: %v", err)
	}
	return sha
}

// AddPullRequest records a pull request as if it had been opened earlier
// (no validation; Number, URLs and times are filled in) and returns its
// number. Head.Ref and Base.Ref are required; Head.SHA and Base.SHA default
// to the branches' tips; User defaults to the authenticated user and State
// to "open".
func (s *Server) AddPullRequest(repo string, pr PullRequest) int {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.mustRepo(repo)
	if pr.Head.Ref == "" || pr.Base.Ref == "" {
		s.t.Fatalf("ghapi: AddPullRequest: Head.Ref and Base.Ref are required")
	}
	it := s.newItem(rs, true, pr.Title, pr.Body, pr.User)
	if pr.State != "" {
		it.state = pr.State
	}
	if !pr.CreatedAt.IsZero() {
		it.createdAt, it.updatedAt = pr.CreatedAt, pr.CreatedAt
	}
	it.draft, it.headRef, it.baseRef = pr.Draft, pr.Head.Ref, pr.Base.Ref
	it.headSHA, it.baseSHA = pr.Head.SHA, pr.Base.SHA
	if it.headSHA == "" {
		it.headSHA, _ = rs.store.resolve("refs/heads/" + pr.Head.Ref)
	}
	if it.baseSHA == "" {
		it.baseSHA, _ = rs.store.resolve("refs/heads/" + pr.Base.Ref)
	}
	it.hadCommits = it.headSHA != "" && it.baseSHA != "" && !rs.store.isAncestor(it.headSHA, it.baseSHA)
	for _, l := range pr.Labels {
		it.labels = append(it.labels, s.ensureLabel(rs, l).name)
	}
	it.assignees, it.reviewers, it.teams = clone(pr.Assignees), clone(pr.RequestedReviewers), clone(pr.RequestedTeams)
	it.maintainerCanModify = pr.MaintainerCanModify
	if pr.Merged {
		t := s.now()
		it.merged, it.mergedAt, it.mergeSHA, it.mergedBy = true, &t, pr.MergeCommitSHA, pr.MergedBy
		it.state = "closed"
	}
	if it.state == "closed" {
		t := s.now()
		it.closedAt = &t
	}
	return it.number
}

// AddIssue records an issue as if it had been opened earlier and returns its
// number. User defaults to the authenticated user and State to "open".
func (s *Server) AddIssue(repo string, is Issue) int {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.mustRepo(repo)
	it := s.newItem(rs, false, is.Title, is.Body, is.User)
	if is.State != "" {
		it.state = is.State
	}
	for _, l := range is.Labels {
		it.labels = append(it.labels, s.ensureLabel(rs, l).name)
	}
	it.assignees = clone(is.Assignees)
	return it.number
}

// Merge marks an open pull request merged, as if someone had clicked "Merge
// pull request" (see MergeOptions), and returns the merge commit's sha.
func (s *Server) Merge(repo string, number int, opts MergeOptions) string {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.mustRepo(repo)
	s.refresh(rs)
	it := rs.items[number]
	if it == nil || !it.isPR {
		s.t.Fatalf("ghapi: Merge: %s has no pull request #%d", repo, number)
	}
	if it.state != "open" {
		s.t.Fatalf("ghapi: Merge: %s#%d is %s", repo, number, it.state)
	}
	by := opts.By
	if by == "" {
		by = s.opts.Login
	}
	now := s.now()
	sha := opts.SHA
	if sha == "" || rs.mem != nil {
		if sha == "" {
			msg := fmt.Sprintf("Merge pull request #%d from %s/%s\n\n%s", number, rs.cfg.Owner, it.headRef, it.title)
			var err error
			sha, err = rs.store.merge(it.baseSHA, it.headSHA, msg, signature{name: by, email: emailOf(by), when: now})
			if err != nil {
				s.t.Fatalf("ghapi: Merge %s#%d: %v", repo, number, err)
			}
		} else {
			rs.mem.addCommit(commitInfo{sha: sha, parents: []string{it.baseSHA, it.headSHA}, message: "Merge pull request #" + itoa(number)})
		}
		if err := rs.store.setRef("refs/heads/"+it.baseRef, sha); err != nil {
			s.t.Fatalf("ghapi: Merge: %v", err)
		}
	}
	it.state, it.closedAt, it.updatedAt = "closed", &now, now
	it.merged, it.mergedAt, it.mergeSHA, it.mergedBy = true, &now, sha, by
	return sha
}

// newItem allocates the next issue number; the caller holds s.mu.
func (s *Server) newItem(rs *repoState, isPR bool, title, body, user string) *item {
	if user == "" {
		user = s.opts.Login
	}
	s.nextID++
	now := s.now()
	it := &item{number: rs.next, id: 2000000 + s.nextID, isPR: isPR, title: title, body: body, state: "open",
		user: user, createdAt: now, updatedAt: now}
	rs.next++
	rs.items[it.number] = it
	return it
}

// ensureLabel finds a label by name (case-insensitively) or creates it, as
// adding an unknown label to an issue does on GitHub.
func (s *Server) ensureLabel(rs *repoState, name string) *labelState {
	if l, ok := rs.labels[strings.ToLower(name)]; ok {
		return l
	}
	s.nextID++
	l := &labelState{id: 3000000 + s.nextID, name: name, color: "ededed"}
	rs.labels[strings.ToLower(name)] = l
	return l
}

func clone(s []string) []string { return append([]string(nil), s...) }

func copyTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

func itoa(n int) string { return fmt.Sprint(n) }

// emailOf makes an address for a login or name.
func emailOf(name string) string {
	if name == "" {
		return ""
	}
	return strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@users.noreply.github.com"
}
