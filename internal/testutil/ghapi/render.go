package ghapi

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// obj is a JSON object being built.
type obj = map[string]any

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func tsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

func nodeID(kind string, id int64) string {
	return kind + "_" + strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("%s:%d", kind, id))), "=")
}

// userJSON is a simple-user; the caller holds s.mu.
func (s *Server) userJSON(login string) obj {
	id := s.userID(login)
	u := s.api + "/users/" + login
	typ := "User"
	for _, rs := range s.repoOrder {
		if strings.EqualFold(rs.cfg.Owner, login) && !strings.EqualFold(login, s.opts.Login) {
			typ = "Organization"
		}
	}
	return obj{
		"login": login, "id": id, "node_id": nodeID("U", id),
		"avatar_url":  fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", id),
		"gravatar_id": "", "url": u, "html_url": s.html + "/" + login,
		"followers_url": u + "/followers", "following_url": u + "/following{/other_user}",
		"gists_url": u + "/gists{/gist_id}", "starred_url": u + "/starred{/owner}{/repo}",
		"subscriptions_url": u + "/subscriptions", "organizations_url": u + "/orgs",
		"repos_url": u + "/repos", "events_url": u + "/events{/privacy}",
		"received_events_url": u + "/received_events", "type": typ, "site_admin": false,
		"user_view_type": "public",
	}
}

// userOrNil is userJSON, or null for "".
func (s *Server) userOrNil(login string) any {
	if login == "" {
		return nil
	}
	return s.userJSON(login)
}

// authenticatedUserJSON is a private-user, for GET /user.
func (s *Server) authenticatedUserJSON() obj {
	u := s.userJSON(s.opts.Login)
	u["type"] = "User"
	created := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for k, v := range (obj{
		"name": nil, "company": nil, "blog": "", "location": nil, "email": nil, "hireable": nil, "bio": nil,
		"twitter_username": nil, "notification_email": nil,
		"public_repos": 1, "public_gists": 0, "followers": 0, "following": 0,
		"created_at": ts(created), "updated_at": ts(created),
		"private_gists": 0, "total_private_repos": 0, "owned_private_repos": 0, "disk_usage": 0,
		"collaborators": 0, "two_factor_authentication": true,
		"plan": obj{"name": "free", "space": 976562499, "private_repos": 10000, "collaborators": 0},
	}) {
		u[k] = v
	}
	return u
}

// repoJSON is a repository; full adds the fields of GET /repos/{o}/{r}.
func (s *Server) repoJSON(rs *repoState, full bool) obj {
	r := rs.cfg
	fn := r.FullName()
	a := s.api + "/repos/" + fn
	html := s.html + "/" + fn
	clone := r.CloneURL
	if clone == "" {
		clone = html + ".git"
	}
	host := strings.TrimPrefix(strings.TrimPrefix(s.html, "https://"), "http://")
	vis := "public"
	if r.Private {
		vis = "private"
	}
	open := 0
	for _, it := range rs.items {
		if it.state == "open" {
			open++
		}
	}
	created := rs.createdAt
	o := obj{
		"id": rs.id, "node_id": nodeID("R", rs.id), "name": r.Name, "full_name": fn,
		"owner": s.userJSON(r.Owner), "private": r.Private, "html_url": html, "description": nil,
		"fork": false, "url": a,
		"archive_url": a + "/{archive_format}{/ref}", "assignees_url": a + "/assignees{/user}",
		"blobs_url": a + "/git/blobs{/sha}", "branches_url": a + "/branches{/branch}",
		"collaborators_url": a + "/collaborators{/collaborator}", "comments_url": a + "/comments{/number}",
		"commits_url": a + "/commits{/sha}", "compare_url": a + "/compare/{base}...{head}",
		"contents_url": a + "/contents/{+path}", "contributors_url": a + "/contributors",
		"deployments_url": a + "/deployments", "downloads_url": a + "/downloads",
		"events_url": a + "/events", "forks_url": a + "/forks",
		"git_commits_url": a + "/git/commits{/sha}", "git_refs_url": a + "/git/refs{/sha}",
		"git_tags_url": a + "/git/tags{/sha}", "git_url": "git://" + host + "/" + fn + ".git",
		"issue_comment_url": a + "/issues/comments{/number}", "issue_events_url": a + "/issues/events{/number}",
		"issues_url": a + "/issues{/number}", "keys_url": a + "/keys{/key_id}",
		"labels_url": a + "/labels{/name}", "languages_url": a + "/languages",
		"merges_url": a + "/merges", "milestones_url": a + "/milestones{/number}",
		"notifications_url": a + "/notifications{?since,all,participating}",
		"pulls_url":         a + "/pulls{/number}", "releases_url": a + "/releases{/id}",
		"ssh_url": "git@" + host + ":" + fn + ".git", "stargazers_url": a + "/stargazers",
		"statuses_url": a + "/statuses/{sha}", "subscribers_url": a + "/subscribers",
		"subscription_url": a + "/subscription", "tags_url": a + "/tags", "teams_url": a + "/teams",
		"trees_url": a + "/git/trees{/sha}", "clone_url": clone, "mirror_url": nil,
		"hooks_url": a + "/hooks", "svn_url": html, "homepage": nil, "language": nil,
		"forks_count": 0, "stargazers_count": 0, "watchers_count": 0, "size": 0,
		"default_branch": r.DefaultBranch, "open_issues_count": open, "is_template": false,
		"topics": []any{}, "has_issues": true, "has_projects": true, "has_wiki": true,
		"has_pages": false, "has_downloads": true, "has_discussions": false,
		"archived": false, "disabled": false, "visibility": vis,
		"pushed_at": ts(created), "created_at": ts(created), "updated_at": ts(created),
		"allow_forking": true, "web_commit_signoff_required": false,
		"license": nil, "forks": 0, "open_issues": open, "watchers": 0,
		"permissions": obj{"admin": true, "maintain": true, "push": true, "triage": true, "pull": true},
	}
	if full {
		for k, v := range (obj{
			"allow_rebase_merge": true, "allow_squash_merge": true, "allow_merge_commit": true,
			"allow_auto_merge": false, "delete_branch_on_merge": false, "allow_update_branch": false,
			"use_squash_pr_title_as_default": false,
			"squash_merge_commit_title":      "COMMIT_OR_PR_TITLE", "squash_merge_commit_message": "COMMIT_MESSAGES",
			"merge_commit_title": "MERGE_MESSAGE", "merge_commit_message": "PR_TITLE",
			"subscribers_count": 0, "network_count": 0, "temp_clone_token": nil,
		}) {
			o[k] = v
		}
		if owner := o["owner"].(obj); owner["type"] == "Organization" {
			o["organization"] = owner
		}
	}
	return o
}

// labelJSON is a label; inPR is the pull request flavour, whose description
// the description types as a non-null string.
func (s *Server) labelJSON(rs *repoState, l *labelState, inPR bool) obj {
	var desc any
	if l.desc != "" || inPR {
		desc = l.desc
	}
	return obj{
		"id": l.id, "node_id": nodeID("LA", l.id),
		"url":  s.api + "/repos/" + rs.cfg.FullName() + "/labels/" + url.PathEscape(l.name),
		"name": l.name, "description": desc, "color": l.color, "default": false,
	}
}

func (s *Server) labelsJSON(rs *repoState, names []string, inPR bool) []any {
	out := []any{}
	for _, n := range names {
		out = append(out, s.labelJSON(rs, s.ensureLabel(rs, n), inPR))
	}
	return out
}

func (s *Server) usersJSON(logins []string) []any {
	out := []any{}
	for _, l := range logins {
		out = append(out, s.userJSON(l))
	}
	return out
}

func (s *Server) teamJSON(rs *repoState, slug string) obj {
	var id int64 = 7000
	for i, t := range rs.cfg.Teams {
		if strings.EqualFold(t, slug) {
			id += int64(i + 1)
		}
	}
	org := rs.cfg.Owner
	u := fmt.Sprintf("%s/organizations/%d/team/%d", s.api, s.userID(org), id)
	return obj{
		"id": id, "node_id": nodeID("T", id), "url": u,
		"html_url": s.html + "/orgs/" + org + "/teams/" + slug,
		"name":     slug, "slug": slug, "description": "", "privacy": "closed",
		"type": "organization", "organization_id": s.userID(org),
		"notification_setting": "notifications_enabled", "permission": "pull",
		"members_url": u + "/members{/member}", "repositories_url": u + "/repos", "parent": nil,
	}
}

func (s *Server) issueURLs(rs *repoState, it *item) (api, html string) {
	fn := rs.cfg.FullName()
	return s.api + "/repos/" + fn + "/issues/" + itoa(it.number), s.html + "/" + fn + "/issues/" + itoa(it.number)
}

func (s *Server) association(rs *repoState, login string) string {
	switch {
	case strings.EqualFold(login, rs.cfg.Owner):
		return "OWNER"
	case s.isCollaborator(rs, login):
		return "COLLABORATOR"
	}
	return "NONE"
}

// issueJSON is an issue (or a pull request seen as an issue).
func (s *Server) issueJSON(rs *repoState, it *item) obj {
	a, html := s.issueURLs(rs, it)
	fn := rs.cfg.FullName()
	var assignee any
	if len(it.assignees) > 0 {
		assignee = s.userJSON(it.assignees[0])
	}
	o := obj{
		"id": it.id, "node_id": nodeID("I", it.id), "url": a,
		"repository_url": s.api + "/repos/" + fn, "labels_url": a + "/labels{/name}",
		"comments_url": a + "/comments", "events_url": a + "/events", "html_url": html,
		"number": it.number, "state": it.state, "state_reason": nil, "title": it.title,
		"body": nullable(it.body), "user": s.userJSON(it.user),
		"labels":   s.labelsJSON(rs, it.labels, false),
		"assignee": assignee, "assignees": s.usersJSON(it.assignees), "milestone": nil,
		"locked": false, "active_lock_reason": nil, "comments": len(it.comments),
		"closed_at": tsPtr(it.closedAt), "created_at": ts(it.createdAt), "updated_at": ts(it.updatedAt),
		"closed_by": nil, "author_association": s.association(rs, it.user),
		"timeline_url": a + "/timeline", "type": nil,
		"reactions": reactions(a + "/reactions"),
	}
	if it.state == "closed" {
		o["state_reason"] = "completed"
	}
	if it.isPR {
		o["html_url"] = s.html + "/" + fn + "/pull/" + itoa(it.number)
		pu := s.api + "/repos/" + fn + "/pulls/" + itoa(it.number)
		ph := s.html + "/" + fn + "/pull/" + itoa(it.number)
		o["pull_request"] = obj{"url": pu, "html_url": ph, "diff_url": ph + ".diff", "patch_url": ph + ".patch", "merged_at": tsPtr(it.mergedAt)}
		o["draft"] = it.draft
	}
	return o
}

func reactions(u string) obj {
	return obj{"url": u, "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "confused": 0, "heart": 0, "hooray": 0, "eyes": 0, "rocket": 0}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) commentJSON(rs *repoState, it *item, c Comment) obj {
	a, _ := s.issueURLs(rs, it)
	return obj{
		"id": c.ID, "node_id": nodeID("IC", c.ID),
		"url":      s.api + "/repos/" + rs.cfg.FullName() + "/issues/comments/" + fmt.Sprint(c.ID),
		"html_url": c.HTMLURL, "body": c.Body, "user": s.userJSON(c.User),
		"created_at": ts(c.CreatedAt), "updated_at": ts(c.CreatedAt), "issue_url": a,
		"author_association": s.association(rs, c.User),
		"reactions":          reactions(s.api + "/repos/" + rs.cfg.FullName() + "/issues/comments/" + fmt.Sprint(c.ID) + "/reactions"),
	}
}

// prJSON is a pull request: the simple form (lists, review requests), or
// with full the form of get, create and update.
func (s *Server) prJSON(rs *repoState, it *item, full bool) obj {
	fn := rs.cfg.FullName()
	n := itoa(it.number)
	a := s.api + "/repos/" + fn + "/pulls/" + n
	html := s.html + "/" + fn + "/pull/" + n
	issue := s.api + "/repos/" + fn + "/issues/" + n
	statuses := s.api + "/repos/" + fn + "/statuses/" + it.headSHA
	var assignee any
	if len(it.assignees) > 0 {
		assignee = s.userJSON(it.assignees[0])
	}
	teams := []any{}
	for _, t := range it.teams {
		teams = append(teams, s.teamJSON(rs, t))
	}
	o := obj{
		"url": a, "id": it.id, "node_id": nodeID("PR", it.id), "html_url": html,
		"diff_url": html + ".diff", "patch_url": html + ".patch", "issue_url": issue,
		"commits_url": a + "/commits", "review_comments_url": a + "/comments",
		"review_comment_url": s.api + "/repos/" + fn + "/pulls/comments{/number}",
		"comments_url":       issue + "/comments", "statuses_url": statuses,
		"number": it.number, "state": it.state, "locked": false, "title": it.title,
		"user": s.userJSON(it.user), "body": nullable(it.body),
		"labels": s.labelsJSON(rs, it.labels, true), "milestone": nil, "active_lock_reason": nil,
		"created_at": ts(it.createdAt), "updated_at": ts(it.updatedAt),
		"closed_at": tsPtr(it.closedAt), "merged_at": tsPtr(it.mergedAt),
		"merge_commit_sha": nullable(it.mergeSHA),
		"assignee":         assignee, "assignees": s.usersJSON(it.assignees),
		"requested_reviewers": s.usersJSON(it.reviewers), "requested_teams": teams,
		"head": s.branchRefJSON(rs, it.headRef, it.headSHA),
		"base": s.branchRefJSON(rs, it.baseRef, it.baseSHA),
		"_links": obj{
			"self": href(a), "html": href(html), "issue": href(issue), "comments": href(issue + "/comments"),
			"review_comments": href(a + "/comments"), "review_comment": href(s.api + "/repos/" + fn + "/pulls/comments{/number}"),
			"commits": href(a + "/commits"), "statuses": href(statuses),
		},
		"author_association": s.association(rs, it.user), "auto_merge": nil, "draft": it.draft,
	}
	if !full {
		return o
	}
	commits, additions, deletions, files := 0, 0, 0, 0
	if it.baseSHA != "" && it.headSHA != "" {
		if list, err := rs.store.revList(it.baseSHA, it.headSHA); err == nil {
			commits = len(list)
		}
		if mb, ok := rs.store.mergeBase(it.baseSHA, it.headSHA); ok {
			if changes, err := rs.store.diff(mb, it.headSHA); err == nil {
				files = len(changes)
				for _, c := range changes {
					additions += c.additions
					deletions += c.deletions
				}
			}
		}
	}
	var mergeable any
	state := "unknown"
	switch {
	case it.merged || it.state == "closed" || it.fresh:
	case !rs.store.canMerge(it.baseSHA, it.headSHA):
		mergeable, state = false, "dirty"
	case it.draft:
		mergeable, state = true, "draft"
	default:
		mergeable, state = true, "clean"
	}
	it.fresh = false
	var rebaseable any
	if mergeable != nil {
		rebaseable = mergeable
	}
	for k, v := range (obj{
		"merged": it.merged, "mergeable": mergeable, "rebaseable": rebaseable, "mergeable_state": state,
		"merged_by": s.userOrNil(it.mergedBy), "comments": len(it.comments), "review_comments": 0,
		"maintainer_can_modify": it.maintainerCanModify, "commits": commits,
		"additions": additions, "deletions": deletions, "changed_files": files,
	}) {
		o[k] = v
	}
	return o
}

func href(u string) obj { return obj{"href": u} }

// branchRefJSON is a pull request's head or base.
func (s *Server) branchRefJSON(rs *repoState, ref, sha string) obj {
	return obj{
		"label": rs.cfg.Owner + ":" + ref, "ref": ref, "sha": sha,
		"user": s.userJSON(rs.cfg.Owner), "repo": s.repoJSON(rs, false),
	}
}

// commitJSON is a commit as branches/get and compare show it.
func (s *Server) commitJSON(rs *repoState, c commitInfo) obj {
	fn := rs.cfg.FullName()
	a := s.api + "/repos/" + fn
	parents := []any{}
	for _, p := range c.parents {
		parents = append(parents, obj{"sha": p, "url": a + "/commits/" + p, "html_url": s.html + "/" + fn + "/commit/" + p})
	}
	return obj{
		"sha": c.sha, "node_id": "C_" + c.sha[:20], "url": a + "/commits/" + c.sha,
		"html_url":     s.html + "/" + fn + "/commit/" + c.sha,
		"comments_url": a + "/commits/" + c.sha + "/comments",
		"commit": obj{
			"url":           a + "/git/commits/" + c.sha,
			"author":        obj{"name": c.authorName, "email": c.authorEmail, "date": ts(c.authorDate)},
			"committer":     obj{"name": c.committerName, "email": c.committerEml, "date": ts(c.committerDate)},
			"message":       c.message,
			"tree":          obj{"sha": c.tree, "url": a + "/git/trees/" + c.tree},
			"comment_count": 0,
			"verification":  obj{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil, "verified_at": nil},
		},
		"author": nil, "committer": nil, "parents": parents,
	}
}

// refJSON is a git reference.
func (s *Server) refJSON(rs *repoState, r refInfo) obj {
	a := s.api + "/repos/" + rs.cfg.FullName()
	kind := "commits"
	if r.typ == "tag" {
		kind = "tags"
	}
	return obj{
		"ref": r.name, "node_id": "REF_" + strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(rs.cfg.FullName()+":"+r.name)), "="),
		"url":    a + "/git/" + escapeRef(r.name),
		"object": obj{"type": r.typ, "sha": r.sha, "url": a + "/git/" + kind + "/" + r.sha},
	}
}

// escapeRef escapes each segment of a ref name for a URL path.
func escapeRef(ref string) string {
	parts := strings.Split(ref, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}
