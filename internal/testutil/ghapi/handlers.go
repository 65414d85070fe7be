package ghapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// handlers serve the operations of the description, by operationId. They run
// with s.mu held, after validation; c.repo is set for repository operations.
var handlers map[string]func(*call) reply

func init() {
	handlers = map[string]func(*call) reply{
		"rate-limit/get":                 getRateLimit,
		"users/get-authenticated":        getUser,
		"repos/get":                      getRepo,
		"repos/get-branch":               getBranch,
		"repos/get-content":              getContent,
		"repos/list-tags":                listTags,
		"repos/compare-commits":          compareCommits,
		"repos/create-release":           createRelease,
		"repos/get-release-by-tag":       getReleaseByTag,
		"repos/create-deployment":        createDeployment,
		"repos/list-deployments":         listDeployments,
		"repos/create-deployment-status": createDeploymentStatus,
		"repos/list-deployment-statuses": listDeploymentStatuses,
		"git/get-ref":                    getRef,
		"git/create-ref":                 createRef,
		"git/delete-ref":                 deleteRef,
		"issues/create":                  createIssue,
		"issues/list-for-repo":           listIssues,
		"issues/add-assignees":           addAssignees,
		"issues/create-comment":          createComment,
		"issues/add-labels":              addLabels,
		"issues/list-labels-for-repo":    listLabels,
		"pulls/list":                     listPulls,
		"pulls/create":                   createPull,
		"pulls/get":                      getPull,
		"pulls/update":                   updatePull,
		"pulls/list-files":               listPullFiles,
		"pulls/check-if-merged":          checkMerged,
		"pulls/request-reviewers":        requestReviewers,
	}
}

// Request body accessors (the body has been validated against the schema).

func (c *call) obj() map[string]any {
	m, _ := c.body.(map[string]any)
	return m
}

func (c *call) str(k string) (string, bool) {
	v, ok := c.obj()[k].(string)
	return v, ok
}

func (c *call) boolean(k string) (bool, bool) {
	v, ok := c.obj()[k].(bool)
	return v, ok
}

func (c *call) strs(k string) []string {
	list, _ := c.obj()[k].([]any)
	var out []string
	for _, v := range list {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			for _, key := range []string{"name", "login"} {
				if s, ok := x[key].(string); ok {
					out = append(out, s)
					break
				}
			}
		}
	}
	return out
}

func (c *call) number(k string) int {
	n, _ := strconv.Atoi(c.p[k])
	return n
}

// unsupported answers a request the server does not simulate; the test
// fails, since its result would be fiction.
func (c *call) unsupported(what string) reply {
	c.s.errorf("ghapi: %s %s (%s): %s is not simulated by the test server", c.r.Method, c.r.URL.Path, c.op.id, what)
	return c.s.basicError(c, 501, "Not simulated by the ghapi test server: "+what)
}

func (c *call) notFound() reply { return c.s.basicError(c, 404, "Not Found") }

func ok(body any) reply { return reply{status: 200, body: body} }

func created(location string, body any) reply {
	h := http.Header{}
	if location != "" {
		h.Set("Location", location)
	}
	return reply{status: 201, body: body, header: h}
}

// page paginates a list by the per_page and page parameters, with GitHub's
// Link header (pointing back at this same path).
func (c *call) page(items []any) reply {
	perPage := 30
	if p := c.op.query["per_page"]; p != nil {
		if d, ok := defaultInt(p); ok {
			perPage = d
		}
	}
	if v, err := strconv.Atoi(c.q.Get("per_page")); err == nil && v > 0 {
		perPage = v
	}
	if perPage > 100 && c.op.id != "repos/compare-commits" {
		perPage = 100
	}
	pageNo := 1
	if v, err := strconv.Atoi(c.q.Get("page")); err == nil && v > 0 {
		pageNo = v
	}
	last := (len(items) + perPage - 1) / perPage
	if last == 0 {
		last = 1
	}
	start := min((pageNo-1)*perPage, len(items))
	end := min(start+perPage, len(items))
	h := http.Header{}
	if last > 1 {
		link := func(n int, rel string) string {
			q := c.r.URL.Query()
			q.Set("page", strconv.Itoa(n))
			if c.q.Get("per_page") != "" {
				q.Set("per_page", strconv.Itoa(perPage))
			}
			u := c.s.hs.URL + c.r.URL.EscapedPath() + "?" + q.Encode()
			return fmt.Sprintf("<%s>; rel=%q", u, rel)
		}
		var links []string
		if pageNo > 1 {
			links = append(links, link(pageNo-1, "prev"))
		}
		if pageNo < last {
			links = append(links, link(pageNo+1, "next"), link(last, "last"))
		}
		if pageNo > 1 {
			links = append(links, link(1, "first"))
		}
		h.Set("Link", strings.Join(links, ", "))
	}
	return reply{status: 200, body: append([]any{}, items[start:end]...), header: h}
}

func defaultInt(p *param) (int, bool) {
	n, ok := p.def.(json.Number)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(n.String())
	return v, err == nil
}

// rate-limit/get

func getRateLimit(c *call) reply {
	s := c.s
	if s.opts.RateLimit <= 0 {
		return s.basicError(c, 404, "Rate limiting is not enabled.")
	}
	s.rateRoll()
	reset := s.rateWindow.Add(time.Hour).Unix()
	core := obj{"limit": s.opts.RateLimit, "remaining": max(0, s.opts.RateLimit-s.rateUsed), "reset": reset, "used": s.rateUsed, "resource": "core"}
	other := func(name string, limit int) obj {
		return obj{"limit": limit, "remaining": limit, "reset": reset, "used": 0, "resource": name}
	}
	return ok(obj{
		"resources": obj{
			"core": core, "search": other("search", 30), "graphql": other("graphql", 5000),
			"integration_manifest": other("integration_manifest", 5000), "code_search": other("code_search", 10),
		},
		"rate": core,
	})
}

// users/get-authenticated

func getUser(c *call) reply { return ok(c.s.authenticatedUserJSON()) }

// repos/get

func getRepo(c *call) reply { return ok(c.s.repoJSON(c.repo, true)) }

// repos/get-branch

func getBranch(c *call) reply {
	rs, s := c.repo, c.s
	name := c.p["branch"]
	r, found, err := rs.store.getRef("refs/heads/" + name)
	if err != nil {
		return c.gitError(err)
	}
	if !found {
		return s.basicError(c, 404, "Branch not found")
	}
	commits, err := rs.store.commits([]string{r.peeled})
	if err != nil {
		return c.gitError(err)
	}
	a := s.api + "/repos/" + rs.cfg.FullName() + "/branches/" + url.PathEscape(name)
	return ok(obj{
		"name": name, "commit": s.commitJSON(rs, commits[0]),
		"_links":    obj{"self": a, "html": s.html + "/" + rs.cfg.FullName() + "/tree/" + name},
		"protected": false,
		"protection": obj{"enabled": false, "required_status_checks": obj{
			"enforcement_level": "off", "contexts": []any{}, "checks": []any{}}},
		"protection_url": a + "/protection",
	})
}

func (c *call) gitError(err error) reply {
	c.s.errorf("ghapi: %s %s: git: %v", c.r.Method, c.r.URL.Path, err)
	return c.s.basicError(c, 500, "Server Error")
}

// repos/get-content

func getContent(c *call) reply {
	rs, s := c.repo, c.s
	ref := c.q.Get("ref")
	if ref == "" {
		ref = rs.cfg.DefaultBranch
	}
	sha, found := rs.store.resolve(ref)
	if !found {
		return s.basicError(c, 404, "No commit found for the ref "+ref)
	}
	e, err := rs.store.entry(sha, c.p["path"])
	if err != nil {
		return c.gitError(err)
	}
	if e == nil {
		return c.notFound()
	}
	if e.typ == "dir" {
		list := []any{}
		for _, child := range e.entries {
			list = append(list, s.contentJSON(rs, ref, child))
		}
		return ok(list)
	}
	return ok(s.contentJSON(rs, ref, *e))
}

func (s *Server) contentJSON(rs *repoState, ref string, e treeEntry) obj {
	fn := rs.cfg.FullName()
	self := s.api + "/repos/" + fn + "/contents/" + escapeRef(e.path) + "?ref=" + url.QueryEscape(ref)
	kind := map[string]string{"file": "blobs", "symlink": "blobs", "dir": "trees", "submodule": "trees"}[e.typ]
	git := s.api + "/repos/" + fn + "/git/" + kind + "/" + e.sha
	html := s.html + "/" + fn + "/blob/" + escapeRef(ref) + "/" + escapeRef(e.path)
	if e.typ == "dir" {
		html = s.html + "/" + fn + "/tree/" + escapeRef(ref) + "/" + escapeRef(e.path)
	}
	var download any
	if e.typ == "file" {
		download = "https://raw.githubusercontent.com/" + fn + "/" + escapeRef(ref) + "/" + escapeRef(e.path)
	}
	o := obj{
		"type": e.typ, "size": e.size, "name": path.Base(e.path), "path": e.path, "sha": e.sha,
		"url": self, "git_url": git, "html_url": html, "download_url": download,
		"_links": obj{"self": self, "git": git, "html": html},
	}
	switch e.typ {
	case "file":
		if e.content != nil {
			if len(e.content) > 1<<20 {
				o["encoding"], o["content"] = "none", ""
			} else {
				o["encoding"], o["content"] = "base64", wrap60(base64.StdEncoding.EncodeToString(e.content))
			}
		}
	case "symlink":
		o["target"] = string(e.content)
	case "submodule":
		o["submodule_git_url"] = "https://github.com/" + e.path + ".git"
		o["size"], o["download_url"] = 0, nil
	}
	return o
}

// wrap60 breaks base64 into lines of 60 characters, as GitHub does.
func wrap60(s string) string {
	var b strings.Builder
	for len(s) > 60 {
		b.WriteString(s[:60])
		b.WriteByte('\n')
		s = s[60:]
	}
	b.WriteString(s)
	b.WriteByte('\n')
	return b.String()
}

// repos/list-tags

func listTags(c *call) reply {
	rs, s := c.repo, c.s
	refs, err := rs.store.listRefs()
	if err != nil {
		return c.gitError(err)
	}
	var tags []refInfo
	for _, r := range refs {
		if strings.HasPrefix(r.name, "refs/tags/") {
			tags = append(tags, r)
		}
	}
	sort.SliceStable(tags, func(i, j int) bool { return versionLess(tags[j].name, tags[i].name) })
	fn := rs.cfg.FullName()
	items := []any{}
	for _, t := range tags {
		name := strings.TrimPrefix(t.name, "refs/tags/")
		items = append(items, obj{
			"name":        name,
			"commit":      obj{"sha": t.peeled, "url": s.api + "/repos/" + fn + "/commits/" + t.peeled},
			"zipball_url": s.api + "/repos/" + fn + "/zipball/refs/tags/" + escapeRef(name),
			"tarball_url": s.api + "/repos/" + fn + "/tarball/refs/tags/" + escapeRef(name),
			"node_id":     "REF_" + base64.RawStdEncoding.EncodeToString([]byte(fn+":"+t.name)),
		})
	}
	return c.page(items)
}

// versionLess orders names with digit runs compared as numbers, so that
// v1.10.0 sorts after v1.9.0.
func versionLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, _ := strconv.ParseUint(strings.TrimLeft(a[:da], "0")+"0", 10, 64)
			nb, _ := strconv.ParseUint(strings.TrimLeft(b[:db], "0")+"0", 10, 64)
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// repos/compare-commits

func compareCommits(c *call) reply {
	rs, s := c.repo, c.s
	resolve := func(rev string) (string, bool) {
		if owner, ref, found := strings.Cut(rev, ":"); found {
			if !strings.EqualFold(owner, rs.cfg.Owner) {
				return "", false
			}
			rev = ref
		}
		return rs.store.resolve(rev)
	}
	base, okB := resolve(c.p["base"])
	head, okH := resolve(c.p["head"])
	if !okB || !okH {
		return c.notFound()
	}
	mb, found := rs.store.mergeBase(base, head)
	if !found {
		return s.basicError(c, 404, fmt.Sprintf("No common ancestor between %s and %s.", c.p["base"], c.p["head"]))
	}
	ahead, err := rs.store.revList(base, head)
	if err != nil {
		return c.gitError(err)
	}
	behind, err := rs.store.revList(head, base)
	if err != nil {
		return c.gitError(err)
	}
	status := "identical"
	switch {
	case len(ahead) > 0 && len(behind) > 0:
		status = "diverged"
	case len(ahead) > 0:
		status = "ahead"
	case len(behind) > 0:
		status = "behind"
	}
	shown := ahead
	if len(shown) > 250 {
		shown = shown[:250]
	}
	infos, err := rs.store.commits(append([]string{base, mb}, shown...))
	if err != nil {
		return c.gitError(err)
	}
	commits := []any{}
	for _, ci := range infos[2:] {
		commits = append(commits, s.commitJSON(rs, ci))
	}
	changes, err := rs.store.diff(mb, head)
	if err != nil {
		return c.gitError(err)
	}
	fn := rs.cfg.FullName()
	spec := c.p["base"] + "..." + c.p["head"]
	return ok(obj{
		"url":           s.api + "/repos/" + fn + "/compare/" + url.PathEscape(spec),
		"html_url":      s.html + "/" + fn + "/compare/" + url.PathEscape(spec),
		"permalink_url": s.html + "/" + fn + "/compare/" + rs.cfg.Owner + ":" + base[:7] + "..." + rs.cfg.Owner + ":" + head[:7],
		"diff_url":      s.html + "/" + fn + "/compare/" + url.PathEscape(spec) + ".diff",
		"patch_url":     s.html + "/" + fn + "/compare/" + url.PathEscape(spec) + ".patch",
		"base_commit":   s.commitJSON(rs, infos[0]), "merge_base_commit": s.commitJSON(rs, infos[1]),
		"status": status, "ahead_by": len(ahead), "behind_by": len(behind), "total_commits": len(ahead),
		"commits": commits, "files": s.filesJSON(rs, head, changes, 300),
	})
}

func (s *Server) filesJSON(rs *repoState, head string, changes []fileChange, limit int) []any {
	fn := rs.cfg.FullName()
	out := []any{}
	for i, ch := range changes {
		if i == limit {
			break
		}
		p := escapeRef(ch.filename)
		f := obj{
			"sha": ch.sha, "filename": ch.filename, "status": ch.status,
			"additions": ch.additions, "deletions": ch.deletions, "changes": ch.additions + ch.deletions,
			"blob_url":     s.html + "/" + fn + "/blob/" + head + "/" + p,
			"raw_url":      s.html + "/" + fn + "/raw/" + head + "/" + p,
			"contents_url": s.api + "/repos/" + fn + "/contents/" + p + "?ref=" + head,
		}
		if ch.patch != "" {
			f["patch"] = ch.patch
		}
		if ch.previous != "" {
			f["previous_filename"] = ch.previous
		}
		out = append(out, f)
	}
	return out
}

// repos/create-release

func createRelease(c *call) reply {
	rs, s := c.repo, c.s
	tag, _ := c.str("tag_name")
	if _, ok := c.obj()["discussion_category_name"]; ok {
		return c.unsupported("discussion_category_name (discussions)")
	}
	for _, r := range rs.releases {
		if r.TagName == tag {
			return s.validationFailed(c, obj{"resource": "Release", "code": "already_exists", "field": "tag_name"})
		}
	}
	target, hasTarget := c.str("target_commitish")
	if !hasTarget || target == "" {
		target = rs.cfg.DefaultBranch
	}
	draft, _ := c.boolean("draft")
	pre, _ := c.boolean("prerelease")
	notes, _ := c.boolean("generate_release_notes")
	latest, _ := c.str("make_latest")
	if latest == "" {
		latest = "true"
	}
	name, _ := c.str("name")
	body, _ := c.str("body")
	if _, exists, err := rs.store.getRef("refs/tags/" + tag); err != nil {
		return c.gitError(err)
	} else if !exists {
		sha, found := rs.store.resolve(target)
		if !found {
			return s.validationFailed(c, obj{"resource": "Release", "code": "invalid", "field": "target_commitish"})
		}
		if !draft {
			// Publishing a release creates its tag, as on GitHub.
			if err := rs.store.createRef("refs/tags/"+tag, sha); err != nil {
				return c.gitError(err)
			}
		}
	}
	s.nextID++
	now := s.now()
	rel := &Release{Repo: rs.cfg.FullName(), ID: 9000000 + s.nextID, TagName: tag, TargetCommitish: target,
		Name: name, Body: body, Draft: draft, Prerelease: pre, MakeLatest: latest, GenerateReleaseNotes: notes,
		HTMLURL: s.html + "/" + rs.cfg.FullName() + "/releases/tag/" + url.PathEscape(tag), CreatedAt: now}
	if draft {
		rel.HTMLURL = s.html + "/" + rs.cfg.FullName() + "/releases/tag/untagged-" + strconv.FormatInt(rel.ID, 16)
	}
	rs.releases = append(rs.releases, rel)
	a := s.api + "/repos/" + rs.cfg.FullName() + "/releases/" + strconv.FormatInt(rel.ID, 10)
	return created(a, releaseJSON(s, rel))
}

// releaseJSON is a release as the API shows it.
func releaseJSON(s *Server, rel *Release) obj {
	a := s.api + "/repos/" + rel.Repo + "/releases/" + strconv.FormatInt(rel.ID, 10)
	var published any
	if !rel.Draft {
		published = ts(rel.CreatedAt)
	}
	var relName any = rel.Name
	if rel.Name == "" {
		relName = nil
	}
	return obj{
		"url": a, "html_url": rel.HTMLURL, "assets_url": a + "/assets",
		"upload_url":  strings.Replace(a, s.api, uploadsBase(s), 1) + "/assets{?name,label}",
		"tarball_url": s.api + "/repos/" + rel.Repo + "/tarball/" + url.PathEscape(rel.TagName),
		"zipball_url": s.api + "/repos/" + rel.Repo + "/zipball/" + url.PathEscape(rel.TagName),
		"id":          rel.ID, "node_id": nodeID("RE", rel.ID), "tag_name": rel.TagName, "target_commitish": rel.TargetCommitish,
		"name": relName, "body": nullable(rel.Body), "draft": rel.Draft, "prerelease": rel.Prerelease, "immutable": false,
		"created_at": ts(rel.CreatedAt), "published_at": published, "updated_at": ts(rel.CreatedAt),
		"author": s.userJSON(s.opts.Login), "assets": []any{},
	}
}

// repos/get-release-by-tag: the published release of a tag; a draft, which
// has no tag yet, is not found, as on GitHub.
func getReleaseByTag(c *call) reply {
	tag := c.p["tag"]
	for _, r := range c.repo.releases {
		if r.TagName == tag && !r.Draft {
			return ok(releaseJSON(c.s, r))
		}
	}
	return c.notFound()
}

func uploadsBase(s *Server) string {
	if s.opts.Enterprise {
		return strings.Replace(s.api, "/api/v3", "/api/uploads", 1)
	}
	return s.api
}

// git/get-ref, git/create-ref, git/delete-ref

func getRef(c *call) reply {
	rs := c.repo
	refs, err := rs.store.listRefs()
	if err != nil {
		return c.gitError(err)
	}
	if len(refs) == 0 {
		return c.s.basicError(c, 409, "Git Repository is empty.")
	}
	name := "refs/" + c.p["ref"]
	for _, r := range refs {
		if r.name == name {
			return ok(c.s.refJSON(rs, r))
		}
	}
	return c.notFound()
}

func createRef(c *call) reply {
	rs, s := c.repo, c.s
	name, _ := c.str("ref")
	sha, _ := c.str("sha")
	if !strings.HasPrefix(name, "refs/") || strings.Count(name, "/") < 2 || !validRefName(name) {
		return s.basicError(c, 422, "Reference name must start with 'refs/' and have at least two slashes, and be a valid git ref name.")
	}
	if !isSHA(sha) {
		return s.basicError(c, 422, "Object does not exist")
	}
	switch err := rs.store.createRef(name, sha); err {
	case nil:
	case errRefExists, errNoObject:
		return s.basicError(c, 422, err.Error())
	default:
		return c.gitError(err)
	}
	r, _, err := rs.store.getRef(name)
	if err != nil {
		return c.gitError(err)
	}
	body := s.refJSON(rs, r)
	return created(body["url"].(string), body)
}

// validRefName applies git's check-ref-format rules that matter here.
func validRefName(name string) bool {
	if strings.HasSuffix(name, "/") || strings.HasSuffix(name, ".lock") || strings.HasSuffix(name, ".") ||
		strings.Contains(name, "..") || strings.Contains(name, "//") || strings.Contains(name, "@{") {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(" ~^:?*[\\", r) {
			return false
		}
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

func deleteRef(c *call) reply {
	rs, s := c.repo, c.s
	name := "refs/" + c.p["ref"]
	refs, err := rs.store.listRefs()
	if err != nil {
		return c.gitError(err)
	}
	if len(refs) == 0 {
		return s.basicError(c, 409, "Git Repository is empty.")
	}
	if name == "refs/heads/"+rs.cfg.DefaultBranch {
		return s.basicError(c, 422, "Cannot delete the default branch")
	}
	switch err := rs.store.deleteRef(name); err {
	case nil:
	case errNoRef:
		return s.basicError(c, 422, err.Error())
	default:
		return c.gitError(err)
	}
	s.refresh(rs)
	return reply{status: 204}
}

// issues/*

func (c *call) issue() (*item, *reply) {
	it := c.repo.items[c.number("issue_number")]
	if it == nil {
		r := c.notFound()
		return nil, &r
	}
	return it, nil
}

func createIssue(c *call) reply {
	rs, s := c.repo, c.s
	var title string
	switch v := c.obj()["title"].(type) {
	case string:
		title = v
	case json.Number:
		title = v.String()
	}
	if v, ok := c.obj()["milestone"]; ok && v != nil {
		return c.unsupported("milestones")
	}
	if v, ok := c.obj()["issue_field_values"]; ok && v != nil {
		return c.unsupported("issue_field_values")
	}
	if v, ok := c.obj()["type"]; ok && v != nil {
		return c.unsupported("issue types")
	}
	if strings.TrimSpace(title) == "" {
		return s.validationFailed(c, obj{"resource": "Issue", "code": "missing_field", "field": "title"})
	}
	assignees := c.strs("assignees")
	if a, ok := c.str("assignee"); ok && a != "" {
		assignees = append([]string{a}, assignees...)
	}
	var bad []map[string]any
	for _, a := range assignees {
		if !s.isCollaborator(rs, a) {
			bad = append(bad, obj{"value": a, "resource": "Issue", "field": "assignees", "code": "invalid"})
		}
	}
	if len(bad) > 0 {
		return s.validationFailed(c, bad...)
	}
	body, _ := c.str("body")
	it := s.newItem(rs, false, title, body, "")
	for _, l := range c.strs("labels") {
		it.labels = appendFold(it.labels, s.ensureLabel(rs, l).name)
	}
	for _, a := range assignees {
		it.assignees = appendFold(it.assignees, a)
	}
	o := s.issueJSON(rs, it)
	return created(o["url"].(string), o)
}

func addAssignees(c *call) reply {
	rs, s := c.repo, c.s
	it, nf := c.issue()
	if nf != nil {
		return *nf
	}
	// Users who cannot be assigned are silently ignored, as on GitHub.
	for _, a := range c.strs("assignees") {
		if s.isCollaborator(rs, a) && len(it.assignees) < 10 {
			it.assignees = appendFold(it.assignees, a)
		}
	}
	it.updatedAt = s.now()
	return created("", s.issueJSON(rs, it))
}

func createComment(c *call) reply {
	rs, s := c.repo, c.s
	it, nf := c.issue()
	if nf != nil {
		return *nf
	}
	body, _ := c.str("body")
	if strings.TrimSpace(body) == "" {
		return s.validationFailed(c, obj{"resource": "IssueComment", "code": "missing_field", "field": "body"})
	}
	s.nextID++
	now := s.now()
	_, html := s.issueURLs(rs, it)
	if it.isPR {
		html = s.html + "/" + rs.cfg.FullName() + "/pull/" + itoa(it.number)
	}
	cm := Comment{ID: 4000000 + s.nextID, User: s.opts.Login, Body: body, CreatedAt: now}
	cm.HTMLURL = fmt.Sprintf("%s#issuecomment-%d", html, cm.ID)
	it.comments = append(it.comments, cm)
	it.updatedAt = now
	o := s.commentJSON(rs, it, cm)
	return created(o["url"].(string), o)
}

func addLabels(c *call) reply {
	rs, s := c.repo, c.s
	it, nf := c.issue()
	if nf != nil {
		return *nf
	}
	var names []string
	switch b := c.body.(type) {
	case []any:
		c.body = map[string]any{"labels": b}
		names = c.strs("labels")
	case map[string]any:
		names = c.strs("labels")
		for _, l := range c.obj()["labels"].([]any) {
			if m, isObj := l.(map[string]any); isObj && m["suggest"] == true {
				return c.unsupported("label suggestions (suggest: true)")
			}
		}
	}
	for _, n := range names {
		it.labels = appendFold(it.labels, s.ensureLabel(rs, n).name)
	}
	it.updatedAt = s.now()
	list := []any{}
	for _, n := range it.labels {
		list = append(list, s.labelJSON(rs, s.ensureLabel(rs, n), false))
	}
	return ok(list)
}

func listLabels(c *call) reply {
	rs, s := c.repo, c.s
	items := []any{}
	for _, l := range sortedLabels(rs) {
		items = append(items, s.labelJSON(rs, l, false))
	}
	return c.page(items)
}

// appendFold appends v unless the list holds it, ignoring case.
func appendFold(list []string, v string) []string {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return list
		}
	}
	return append(list, v)
}

// pulls/*

func (c *call) pull() (*item, *reply) {
	it := c.repo.items[c.number("pull_number")]
	if it == nil || !it.isPR {
		r := c.notFound()
		return nil, &r
	}
	return it, nil
}

func listPulls(c *call) reply {
	rs, s := c.repo, c.s
	state := c.q.Get("state")
	if state == "" {
		state = "open"
	}
	headOwner, headRef, headFilter := "", "", false
	if h := c.q.Get("head"); h != "" {
		if o, r, found := strings.Cut(h, ":"); found {
			headOwner, headRef, headFilter = o, r, true
		} else {
			// GitHub ignores a head filter without "owner:" and lists every
			// pull request; say so, since it is a classic mistake.
			s.logf("ghapi: GET %s: head=%q has no \"owner:\" prefix, so GitHub ignores the filter", c.r.URL.Path, h)
		}
	}
	base := c.q.Get("base")
	var list []*item
	for _, it := range sortedItems(rs) {
		if !it.isPR || (state != "all" && it.state != state) {
			continue
		}
		if headFilter && (!strings.EqualFold(headOwner, rs.cfg.Owner) || it.headRef != headRef) {
			continue
		}
		if base != "" && it.baseRef != base {
			continue
		}
		list = append(list, it)
	}
	sortBy := c.q.Get("sort")
	dir := c.q.Get("direction")
	if dir == "" {
		dir = "desc"
		if sortBy != "" && sortBy != "created" {
			dir = "asc"
		}
	}
	key := func(it *item) time.Time {
		switch sortBy {
		case "updated":
			return it.updatedAt
		case "long-running":
			return it.createdAt
		}
		return it.createdAt
	}
	sort.SliceStable(list, func(i, j int) bool {
		ki, kj := key(list[i]), key(list[j])
		if sortBy == "popularity" {
			if len(list[i].comments) != len(list[j].comments) {
				return (len(list[i].comments) < len(list[j].comments)) == (dir == "asc")
			}
		} else if !ki.Equal(kj) {
			return ki.Before(kj) == (dir == "asc")
		}
		return (list[i].number < list[j].number) == (dir == "asc")
	})
	items := []any{}
	for _, it := range list {
		items = append(items, s.prJSON(rs, it, false))
	}
	return c.page(items)
}

// listIssues lists a repository's issues and pull requests (GitHub lists
// both here), filtered by state, labels (all of them) and creator, newest
// first unless direction=asc.
func listIssues(c *call) reply {
	rs, s := c.repo, c.s
	state := c.q.Get("state")
	if state == "" {
		state = "open"
	}
	var want []string
	if l := c.q.Get("labels"); l != "" {
		want = strings.Split(l, ",")
	}
	creator := c.q.Get("creator")
	items := []any{}
	list := sortedItems(rs)
	if c.q.Get("direction") != "asc" {
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
	}
	for _, it := range list {
		if state != "all" && it.state != state {
			continue
		}
		if creator != "" && !strings.EqualFold(creator, it.user) {
			continue
		}
		has := true
		for _, w := range want {
			found := false
			for _, l := range it.labels {
				if strings.EqualFold(strings.TrimSpace(w), l) {
					found = true
				}
			}
			has = has && found
		}
		if has {
			items = append(items, s.issueJSON(rs, it))
		}
	}
	return c.page(items)
}

// openPullFor finds an open pull request with this head and base.
func openPullFor(rs *repoState, head, base string, except int) *item {
	for _, it := range sortedItems(rs) {
		if it.isPR && it.state == "open" && it.headRef == head && it.baseRef == base && it.number != except {
			return it
		}
	}
	return nil
}

func createPull(c *call) reply {
	rs, s := c.repo, c.s
	if _, ok := c.obj()["issue"]; ok {
		return c.unsupported("turning an issue into a pull request (issue)")
	}
	head, _ := c.str("head")
	base, _ := c.str("base")
	title, hasTitle := c.str("title")
	if hr, ok := c.str("head_repo"); ok && !strings.EqualFold(hr, rs.cfg.FullName()) {
		return c.unsupported("pull requests from another repository (head_repo)")
	}
	headRef := head
	if owner, ref, found := strings.Cut(head, ":"); found {
		if !strings.EqualFold(owner, rs.cfg.Owner) {
			if s.repo(owner+"/"+rs.cfg.Name) != nil {
				return c.unsupported("pull requests from a fork")
			}
			return s.validationFailed(c, obj{"resource": "PullRequest", "field": "head", "code": "invalid"})
		}
		headRef = ref
	}
	if !hasTitle || strings.TrimSpace(title) == "" {
		return s.validationFailed(c, obj{"resource": "PullRequest", "code": "missing_field", "field": "title"})
	}
	var errs []map[string]any
	baseSHA, baseOK := rs.store.resolve("refs/heads/" + base)
	if !baseOK {
		errs = append(errs, obj{"resource": "PullRequest", "field": "base", "code": "invalid"})
	}
	headSHA, headOK := rs.store.resolve("refs/heads/" + headRef)
	if !headOK {
		errs = append(errs, obj{"resource": "PullRequest", "field": "head", "code": "invalid"})
	}
	if len(errs) > 0 {
		return s.validationFailed(c, errs...)
	}
	if openPullFor(rs, headRef, base, 0) != nil {
		return s.prCustomError(c, "A pull request already exists for "+rs.cfg.Owner+":"+headRef+".")
	}
	if rs.cfg.NoCommitsBetween || rs.store.isAncestor(headSHA, baseSHA) {
		return s.prCustomError(c, "No commits between "+base+" and "+headRef)
	}
	draft, _ := c.boolean("draft")
	if draft && rs.cfg.DraftsUnsupported {
		return s.prCustomError(c, "Draft pull requests are not supported in this repository.")
	}
	body, _ := c.str("body")
	it := s.newItem(rs, true, title, body, "")
	it.draft, it.headRef, it.headSHA, it.baseRef, it.baseSHA = draft, headRef, headSHA, base, baseSHA
	it.hadCommits, it.fresh = true, true
	it.maintainerCanModify, _ = c.boolean("maintainer_can_modify")
	o := s.prJSON(rs, it, true)
	return created(o["url"].(string), o)
}

func getPull(c *call) reply {
	it, nf := c.pull()
	if nf != nil {
		return *nf
	}
	return ok(c.s.prJSON(c.repo, it, true))
}

func updatePull(c *call) reply {
	rs, s := c.repo, c.s
	it, nf := c.pull()
	if nf != nil {
		return *nf
	}
	body := c.obj()
	now := s.now()
	if base, ok := c.str("base"); ok && base != it.baseRef {
		if it.state != "open" {
			return s.prCustomErrorField(c, "base", "Cannot change base branch of closed pull request.")
		}
		sha, found := rs.store.resolve("refs/heads/" + base)
		if !found {
			return s.validationFailed(c, obj{"resource": "PullRequest", "field": "base", "code": "invalid"})
		}
		if openPullFor(rs, it.headRef, base, it.number) != nil {
			return s.prCustomError(c, "A pull request already exists for base branch '"+base+"' and head branch '"+it.headRef+"'")
		}
		it.baseRef, it.baseSHA = base, sha
	}
	if state, ok := c.str("state"); ok && state != it.state {
		switch state {
		case "closed":
			it.state, it.closedAt = "closed", &now
		case "open":
			switch {
			case it.merged:
				return s.prCustomErrorField(c, "state", "state cannot be changed. The pull request has been merged.")
			case !refExists(rs, "refs/heads/"+it.headRef):
				return s.prCustomErrorField(c, "state", "state cannot be changed. The "+it.headRef+" branch has been deleted.")
			case openPullFor(rs, it.headRef, it.baseRef, it.number) != nil:
				return s.prCustomError(c, "A pull request already exists for "+rs.cfg.Owner+":"+it.headRef+".")
			}
			it.state, it.closedAt = "open", nil
		}
	}
	if v, ok := body["title"].(string); ok {
		it.title = v
	}
	if v, ok := body["body"].(string); ok {
		it.body = v
	}
	if v, ok := body["maintainer_can_modify"].(bool); ok {
		it.maintainerCanModify = v
	}
	it.updatedAt = now
	s.refresh(rs)
	return ok(s.prJSON(rs, it, true))
}

func (s *Server) prCustomErrorField(c *call, field, msg string) reply {
	return s.validationFailed(c, obj{"resource": "PullRequest", "code": "custom", "field": field, "message": msg})
}

func refExists(rs *repoState, name string) bool {
	_, found, _ := rs.store.getRef(name)
	return found
}

func listPullFiles(c *call) reply {
	rs, s := c.repo, c.s
	it, nf := c.pull()
	if nf != nil {
		return *nf
	}
	var changes []fileChange
	if mb, found := rs.store.mergeBase(it.baseSHA, it.headSHA); found {
		var err error
		if changes, err = rs.store.diff(mb, it.headSHA); err != nil {
			return c.gitError(err)
		}
	}
	return c.page(s.filesJSON(rs, it.headSHA, changes, 3000))
}

func checkMerged(c *call) reply {
	it, nf := c.pull()
	if nf != nil {
		return *nf
	}
	if !it.merged {
		return c.notFound()
	}
	return reply{status: 204}
}

func requestReviewers(c *call) reply {
	rs, s := c.repo, c.s
	it, nf := c.pull()
	if nf != nil {
		return *nf
	}
	if _, ok := c.obj()["reviewers"]; !ok {
		if _, ok := c.obj()["team_reviewers"]; !ok {
			return s.basicError(c, 422, "Invalid request.\n\nNo subschema in \"anyOf\" matched.\n\"reviewers\" wasn't supplied.\n\"team_reviewers\" wasn't supplied.")
		}
	}
	reviewers := c.strs("reviewers")
	teams := c.strs("team_reviewers")
	for _, r := range reviewers {
		if strings.EqualFold(r, it.user) {
			return s.basicError(c, 422, "Review cannot be requested from pull request author.")
		}
	}
	for _, r := range reviewers {
		if !s.isCollaborator(rs, r) {
			return s.basicError(c, 422, notCollaboratorMessage(rs.cfg.FullName()))
		}
	}
	for _, t := range teams {
		if !containsFold(rs.cfg.Teams, t) {
			return s.basicError(c, 422, notCollaboratorMessage(rs.cfg.FullName()))
		}
	}
	for _, r := range reviewers {
		it.reviewers = appendFold(it.reviewers, r)
	}
	for _, t := range teams {
		it.teams = appendFold(it.teams, t)
	}
	it.updatedAt = s.now()
	return created("", s.prJSON(rs, it, false))
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}
