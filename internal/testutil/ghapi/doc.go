// Package ghapi is a GitHub REST API test server for the tests of `hotfix pr`
// and `hotfix close`: stateful, and strict. Every request is checked against
// GitHub's published OpenAPI description (testdata/github-api, from
// @octokit/openapi 23.0.2), so that a request GitHub would reject fails the
// test; every answer is checked against the operation's response schema, so
// that the product is tested against realistic JSON. It is imported only by
// tests.
//
//	srv := ghapi.New(t, ghapi.Options{Repos: []ghapi.Repo{{
//		Owner: "acme", Name: "widgets", GitDir: origin, // the test's bare origin
//		Collaborators: []string{"alice"},
//	}}})
//	// GITHUB_API_URL=srv.URL(), GITHUB_TOKEN=srv.Token(), then run the command.
//	srv.Fault(ghapi.Fault{Match: "pulls/create", Kind: ghapi.FaultStatus, Status: 502, Applied: true})
//	...
//	prs := srv.PullRequests() // the one pull request, despite the 502 and the retry
//	srv.AssertNoTokenInDir(t, repoDir)
//
// With go-github v57, point the client at srv.URL() (or use
// WithEnterpriseURLs with Options.Enterprise) and srv.Token().
//
// # What fails the test
//
// The server calls t.Errorf, naming the request, and answers as GitHub would
// for:
//   - a method and path no operation of the description has (404);
//   - a path parameter of the wrong type, such as a pull number "abc" (404);
//   - an unknown, repeated or ill-typed query parameter, or a value outside
//     its enum (422);
//   - a missing required body, malformed JSON (400), a body for an
//     operation that takes none, a non-JSON Content-Type (415), and a body
//     that does not validate against the operation's request schema (422):
//     types, nullable, oneOf and anyOf and allOf, required properties, enums,
//     formats, additionalProperties false, minItems, nested objects and
//     arrays;
//   - no User-Agent (403), an X-GitHub-Api-Version other than
//     Options.APIVersions (400), an Accept naming no JSON media type (415);
//   - the token anywhere in a request but the Authorization header;
//   - a feature the server does not simulate (answered 501; see below);
//   - and, as "ghapi bug", a response of its own that breaks the response
//     schema.
//
// A missing or wrong token fails no test: it is answered 401 ("Requires
// authentication", "Bad credentials"), which the product must handle. So are
// unknown repositories, branches and pull requests (404) and GitHub's own
// 422s.
//
// One documented deviation: issues/add-labels accepts a bare JSON array of
// labels, which the operation's description allows in prose ("You can also
// pass an array of labels directly") but not in its schema, and which
// go-github's AddLabelsToIssue sends. The array is validated against the
// schema of the labels property.
//
// # Schema keywords
//
// The validator implements the validation keywords the description uses, and
// no others: type, nullable, enum, format (date-time, uri, email, int64,
// repo.nwo; unknown formats pass), properties, required,
// additionalProperties (false or a schema), items, minItems, minLength,
// maxLength, minimum, maximum, oneOf (exactly one), anyOf, allOf. Annotations
// (title, description, example, default, deprecated, x-*) are ignored; a
// schema using any other keyword makes loading fail, and a test keeps this
// list equal to what the description uses. Following OpenAPI 3.0, null is
// valid only where nullable is true (or the schema is unconstrained), and an
// integer is a JSON number without fraction or exponent.
//
// # GitHub behaviour simulated
//
//   - Repositories by owner/name, matched case-insensitively, in memory or
//     backed by a real bare repository (Repo.GitDir) read and written with
//     the git binary: refs, branches, commits, contents, compare and pull
//     request files then show what the test pushed.
//   - Pull requests: create (head "branch" or "owner:branch"), list with
//     state, head=owner:branch (a head without "owner:" is ignored, as
//     GitHub does), base, sort and direction, get, update (title, body,
//     state, base, maintainer_can_modify), files, check-if-merged (204 or
//     404), review requests. Creation refuses: a missing title, an unknown
//     head or base (422 field head/base, code invalid), a second open pull
//     request for the same head and base ("A pull request already exists
//     for owner:branch."), a head with no commit the base lacks ("No commits
//     between BASE and HEAD", also forced by Repo.NoCommitsBetween), a draft
//     where Repo.DraftsUnsupported. Review requests refuse the author
//     ("Review cannot be requested from pull request author.") and
//     non-collaborators or unknown teams ("Reviews may only be requested
//     from collaborators. ..."). Reopening refuses merged pull requests,
//     deleted heads and duplicates; changing the base of a closed one is
//     refused. mergeable is null right after creation, then true (or false
//     with "dirty" when a git-backed merge would conflict).
//   - After pushes: an open pull request's head and base shas follow the
//     branches; deleting its head branch closes it; pushing its head into
//     its base marks it merged, with the base tip as merge_commit_sha.
//   - Issues and pull requests share numbers, labels, assignees and
//     comments. Labels are created (colour ededed) on first use; assignees
//     who cannot be assigned are ignored by add-assignees and refused by
//     issue creation (422 field assignees).
//   - Git refs: get (409 "Git Repository is empty."), create ("Reference
//     already exists", "Object does not exist", malformed names), delete
//     ("Reference does not exist", not the default branch); tags through
//     refs/tags/..., annotated tags shown with type "tag" and peeled in the
//     tag list (sorted by version, newest first).
//   - Releases: creating a published release creates its tag from
//     target_commitish (default branch); a second release for a tag is 422
//     already_exists; get-release-by-tag finds a published release (a
//     draft is 404, as on GitHub).
//   - Deployments: create (ref a branch, tag or commit, else 422 "No
//     ref found for: REF"; environment production and task deploy by
//     default; auto_merge true, the default, is 501 unless the ref is the
//     default branch's tip, so send false), list (filtered by sha, ref,
//     task, environment; newest first), statuses create and list (a
//     success with auto_inactive marks earlier non-production,
//     non-transient deployments of the environment inactive).
//   - Branches get, contents get (files base64 in 60-character lines,
//     directories, symlinks, submodules; "No commit found for the ref"),
//     compare (status, ahead_by, behind_by, merge base, commits, files with
//     patches when git-backed), rate_limit, the authenticated user.
//   - Pagination with per_page (capped at 100) and page, and a Link header
//     pointing back at the same path; Location headers on creation;
//     X-RateLimit-* headers counting down from Options.RateLimit, and
//     GitHub's primary rate-limit 403 once it is spent, until the window
//     resets an hour later (by Options.Now).
//   - GitHub Enterprise Server (Options.Enterprise): the API under /api/v3/,
//     html_url under the server's root, rate limiting off (GET /rate_limit
//     answers 404 "Rate limiting is not enabled.").
//   - Faults (Server.Fault) for the next N requests matching an operation id
//     or a method and path pattern: any status with a body, secondary rate
//     limits (403 or 429 with Retry-After), primary rate limits (403 with
//     X-RateLimit-Remaining: 0 and X-RateLimit-Reset), delays, connection
//     resets before the answer or in its middle (headers or body),
//     truncated JSON, GitHub's 422s above; Fault.Applied lets the request
//     take effect before the fault replaces its answer. ClearFaults drops
//     them all.
//   - Connection refused: Refuse closes the server's address until Reopen,
//     which serves again at the same URL with the same state.
//
// # Not simulated
//
// Everything outside the description's 29 operations (merging through the
// API, annotated tag objects through git/tags, updating refs, closing
// issues, listing issues or releases, GraphQL, raw downloads: download_url
// and upload_url point at GitHub and are not served); forks and pull
// requests across repositories (head_repo, another owner's head: 501 or
// head invalid); turning an issue into a pull request (issue), milestones,
// issue types and issue fields, label suggestions, release discussion
// categories (all 501, failing the test); branch protection (branches are
// unprotected); permissions (the token can do everything, anonymous requests
// are refused with 401); ETags and 304; redirects of renamed repositories;
// squash and rebase merges (Merge makes a merge commit); commit and file
// data of in-memory repositories beyond their commit graph (compare and
// pull request files list no files, contents are the same at every commit);
// secondary rate limits and abuse detection on their own (only as faults).
// Some of GitHub's error messages are approximations where GitHub does not
// document them (malformed ref names, deleting the default branch, reopening
// merged pull requests).
package ghapi
